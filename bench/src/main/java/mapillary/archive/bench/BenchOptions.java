package mapillary.archive.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's command line.
 *
 * @param scenario      all, jpeg, webp, scaling, listing, tar or jmh (comma-separated for several), or tracking
 * @param images        images per JPEG harvest (jpeg and scaling)
 * @param webpImages    images per WebP harvest and per cwebp-alone run
 * @param runs          measured runs per case (each figure is their median, with min and max)
 * @param warmupImages  images of one unmeasured harvest before a case's runs (-1: a quarter of the run's, 0: none)
 * @param latencies     CDN latencies in ms for jpeg and webp
 * @param fetchers      fetcher process counts for scaling
 * @param scalingLatency CDN latency in ms for scaling
 * @param listingImages images of the listing scenario's user
 * @param tarFiles      files of the tar scenario's date
 * @param jmhIterations JMH measurement iterations (1 s each; 0 = quick 200 ms iterations without fork)
 * @param root          the project root (service jars, testkit, broker jars)
 * @param resultsDir    where {@code <date>-<scenario>.json} go
 * @param table         the Markdown file whose table is regenerated
 * @param workDir       data, logs and broker of the runs
 * @param snapshot      run private copies of the service and testkit jars (made at the start) instead of the build's
 * @param trackingResults OK results fed to the archiver by the tracking scenario
 */
public record BenchOptions(List<String> scenarios, int images, int webpImages, int runs, int warmupImages,
                           List<Integer> latencies, List<Integer> fetchers, int scalingLatency, int listingImages,
                           int tarFiles, int jmhIterations, Path root, Path resultsDir, Path table, Path workDir,
                           boolean snapshot, int trackingResults) {

    public static final List<String> ALL = List.of("jpeg", "webp", "scaling", "listing", "tar", "jmh");
    /** Scenarios run only when named: they take far longer than the rest. */
    public static final List<String> OPT_IN = List.of("tracking");

    static final String USAGE = """
            usage: scripts/bench.sh [options]
              --scenario S        all (default) or a comma list of jpeg,webp,scaling,listing,tar,jmh, or tracking
                                  (only when named: 10M results take about 10 minutes)
              --images N          images per JPEG harvest (default 2000)
              --webp-images N     images per WebP harvest and cwebp-alone run (default 200)
              --runs R            measured runs per case (default 3)
              --warmup N          images of one unmeasured warm-up harvest per case (default: images/4; 0 = none)
              --latencies L,...   CDN latencies in ms for jpeg and webp (default 0,100)
              --fetchers F,...    fetcher process counts for scaling (default 1,2,4)
              --scaling-latency L CDN latency for scaling (default 100)
              --listing-images N  images of the listing user (default 1000000)
              --tar-files N       files in the tar scenario's date (default 2000)
              --tracking-results N  results of the tracking scenario's collection (default 10000000)
              --jmh-iterations N  JMH measurement iterations (default 5; 0 = quick, no fork)
              --root DIR          project root (default: the current directory)
              --results DIR       results directory (default bench/results)
              --table FILE        Markdown file to regenerate (default bench/README.md)
              --work DIR          work directory (default bench/target/bench-work)
              --table-only        only regenerate the table from the results directory
              --no-snapshot       run the build's jars in place (default: private copies made at the start)
            """;

    /** Parses the command line; {@code --table-only} yields an empty scenario list. */
    public static BenchOptions parse(String... args) {
        Map<String, String> v = new LinkedHashMap<>();
        boolean tableOnly = false;
        boolean snapshot = true;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--table-only")) {
                tableOnly = true;
                continue;
            }
            if (a.equals("--no-snapshot")) {
                snapshot = false;
                continue;
            }
            if (!a.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("unexpected argument " + a);
            }
            v.put(a.substring(2), args[++i]);
        }
        Path root = Path.of(v.getOrDefault("root", System.getProperty("project.root", "."))).toAbsolutePath()
                .normalize();
        String scenario = v.getOrDefault("scenario", "all");
        List<String> scenarios = tableOnly ? List.of()
                : scenario.equals("all") ? ALL : Arrays.stream(scenario.split(",")).map(String::strip).toList();
        for (String s : scenarios) {
            if (!ALL.contains(s) && !OPT_IN.contains(s)) {
                throw new IllegalArgumentException("unknown scenario " + s + "; one of all, " + String.join(", ", ALL)
                        + ", " + String.join(", ", OPT_IN));
            }
        }
        BenchOptions o = new BenchOptions(scenarios, num(v, "images", 2000), num(v, "webp-images", 200),
                num(v, "runs", 3), num(v, "warmup", -1), nums(v, "latencies", "0,100"), nums(v, "fetchers", "1,2,4"),
                num(v, "scaling-latency", 100), num(v, "listing-images", 1_000_000), num(v, "tar-files", 2000),
                num(v, "jmh-iterations", 5), root,
                path(v, "results", root.resolve("bench/results")), path(v, "table", root.resolve("bench/README.md")),
                path(v, "work", root.resolve("bench/target/bench-work")), snapshot,
                num(v, "tracking-results", 10_000_000));
        v.keySet().removeAll(List.of("scenario", "images", "webp-images", "runs", "warmup", "latencies", "fetchers",
                "scaling-latency", "listing-images", "tar-files", "jmh-iterations", "root", "results", "table", "work",
                "tracking-results"));
        if (!v.isEmpty()) {
            throw new IllegalArgumentException("unknown option --" + v.keySet().iterator().next());
        }
        if (o.runs < 1 || o.images < 1 || o.webpImages < 1) {
            throw new IllegalArgumentException("--runs, --images and --webp-images must be at least 1");
        }
        return o;
    }

    /** The same options with another project root (e.g. a {@link Snapshot}). */
    public BenchOptions withRoot(Path value) {
        return new BenchOptions(scenarios, images, webpImages, runs, warmupImages, latencies, fetchers, scalingLatency,
                listingImages, tarFiles, jmhIterations, value, resultsDir, table, workDir, snapshot, trackingResults);
    }

    /** Images of the warm-up harvest for runs of {@code runImages}. */
    public int warmupFor(int runImages) {
        return warmupImages >= 0 ? warmupImages : Math.max(20, runImages / 4);
    }

    private static int num(Map<String, String> v, String key, int dflt) {
        return v.containsKey(key) ? Integer.parseInt(v.get(key).replace("_", "")) : dflt;
    }

    private static List<Integer> nums(Map<String, String> v, String key, String dflt) {
        return Arrays.stream(v.getOrDefault(key, dflt).split(",")).map(String::strip).map(Integer::parseInt).toList();
    }

    private static Path path(Map<String, String> v, String key, Path dflt) {
        return v.containsKey(key) ? Path.of(v.get(key)).toAbsolutePath().normalize() : dflt;
    }
}
