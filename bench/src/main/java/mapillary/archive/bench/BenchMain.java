package mapillary.archive.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark harness of issue 7: runs the chosen scenarios against real processes on this machine, writes
 * {@code <results>/<date>-<scenario>.json} and regenerates the Markdown table. Run it with {@code scripts/bench.sh}.
 */
public final class BenchMain {

    /** Scenarios that start the broker, fakes and services (and so run from a {@link Snapshot}). */
    static final List<String> PROCESS_SCENARIOS = List.of("jpeg", "webp", "scaling", "listing", "tracking");

    private BenchMain() {
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        List<String> failed = run(options).failed();
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    /** What a run wrote and which scenarios failed (with their error). */
    public record Outcome(List<Path> files, List<String> failed) {
    }

    /** Runs every scenario of {@code options} (a failed one does not stop the others) and regenerates the table. */
    public static Outcome run(BenchOptions requested) {
        String workProperty = System.getProperty("testkit.work.dir");
        String libProperty = System.getProperty("testkit.kafka.lib");
        BenchOptions options = requested;
        Path snapshot = null;
        try {
            System.setProperty("testkit.work.dir", options.workDir().toString());
            System.setProperty("java.awt.headless", "true");
            if (options.snapshot() && options.scenarios().stream().anyMatch(PROCESS_SCENARIOS::contains)) {
                snapshot = options.workDir().resolve("snapshot-" + System.currentTimeMillis());
                System.out.println("copying the service and testkit jars to " + snapshot);
                options = options.withRoot(Snapshot.copy(options.root(), snapshot));
                System.setProperty("testkit.kafka.lib", snapshot.resolve("testkit-broker/target/broker-lib").toString());
            }
            return runScenarios(options);
        } finally {
            restore("testkit.work.dir", workProperty);
            restore("testkit.kafka.lib", libProperty);
            if (snapshot != null) {
                try {
                    TarScenario.deleteTree(snapshot);
                } catch (java.io.IOException e) {
                    System.err.println("could not delete " + snapshot + ": " + e);
                }
            }
        }
    }

    private static Outcome runScenarios(BenchOptions options) {
        ResultFiles results = new ResultFiles(options.resultsDir());
        List<Path> files = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        System.out.println("machine: " + Machine.describe().line());
        for (String scenario : options.scenarios()) {
            long t0 = System.nanoTime();
            System.out.println("=== scenario " + scenario);
            try {
                Files.createDirectories(options.workDir());
                Path file = results.write(scenario(options, scenario));
                files.add(file);
                System.out.printf("=== %s done in %.0f s: %s%n", scenario, (System.nanoTime() - t0) / 1e9, file);
            } catch (Exception | Error e) {
                failed.add(scenario + ": " + e);
                System.err.println("=== scenario " + scenario + " failed:");
                e.printStackTrace();
            }
            regenerate(options, results);
        }
        if (options.scenarios().isEmpty()) {
            regenerate(options, results);
        }
        if (!failed.isEmpty()) {
            System.err.println("failed scenarios: " + failed);
        }
        return new Outcome(files, failed);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static ScenarioResult scenario(BenchOptions o, String name) throws Exception {
        return switch (name) {
            case "jpeg" -> new PipelineScenario(o, false).run();
            case "webp" -> new PipelineScenario(o, true).run();
            case "scaling" -> new ScalingScenario(o).run();
            case "listing" -> new ListingScenario(o).run();
            case "tracking" -> new TrackingScenario(o).run();
            case "tar" -> new TarScenario(o).run();
            case "jmh" -> new JmhScenario(o).run();
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        };
    }

    private static void regenerate(BenchOptions options, ResultFiles results) {
        try {
            MarkdownReport.writeInto(options.table(), results.latest());
            System.out.println("table: " + options.table());
        } catch (Exception e) {
            System.err.println("could not regenerate " + options.table() + ": " + e);
        }
    }

    /** Today's date in UTC, the prefix of result files. */
    static String today() {
        return LocalDate.now(ZoneOffset.UTC).toString();
    }
}
