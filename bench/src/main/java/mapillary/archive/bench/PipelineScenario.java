package mapillary.archive.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenarios 1 and 2: quality-1024 harvests through broker, fakes and the packaged harvester, fetcher and archiver, as
 * JPEG or WebP, at each CDN latency; WebP also measures cwebp alone on the same images (the bound).
 */
public final class PipelineScenario {

    static final String QUALITY = "1024";
    static final List<String> SERVICES = List.of("harvester", "fetcher", "archiver");

    private final BenchOptions options;
    private final boolean webp;

    public PipelineScenario(BenchOptions options, boolean webp) {
        this.options = options;
        this.webp = webp;
    }

    public ScenarioResult run() throws Exception {
        java.time.Instant started = java.time.Instant.now();
        Machine machine = Machine.describe();
        String scenario = webp ? "webp" : "jpeg";
        int images = webp ? options.webpImages() : options.images();
        List<CaseResult> cases = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        CwebpBound.Result bound = null;
        if (webp) {
            bound = new CwebpBound(options.workDir().resolve("cwebp"), Runtime.getRuntime().availableProcessors())
                    .measure(Users.of(scenario + "-" + options.latencies().getFirst() + "ms", 0, 1, images).runs()
                            .getFirst(), images, options.runs());
            cases.add(CaseResult.of("cwebp alone", Map.of("images", images, "parallelism", bound.parallelism()),
                    bound.runs()));
        }
        for (int latency : options.latencies()) {
            String name = scenario + "-" + latency + "ms";
            Users users = Users.of(name, options.warmupFor(images), options.runs(), images);
            List<String> fakeArgs = new ArrayList<>(List.of("--cdn-latency-ms", Integer.toString(latency),
                    "--warm", QUALITY));
            fakeArgs.addAll(users.fakeArgs());
            List<Map<String, Double>> runs = new ArrayList<>();
            try (BenchPipeline pipeline = new BenchPipeline(options.root(), options.workDir().resolve(name + "-"
                    + System.currentTimeMillis()), fakeArgs, true, SERVICES)) {
                HarvestRun harvest = new HarvestRun(pipeline);
                if (users.warmup() != null) {
                    harvest.run(users.warmup(), QUALITY, webp, users.warmupImages());
                }
                for (String user : users.runs()) {
                    Map<String, Double> run = harvest.run(user, QUALITY, webp, images).asMap();
                    if (bound != null) {
                        run.put("ratio_to_cwebp_bound", Metrics.round(run.get("images_per_s")
                                / bound.imagesPerSecondMedian(), 3));
                    }
                    runs.add(run);
                    System.out.printf("%s %s: %s%n", scenario, user, run);
                }
            }
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("images", images);
            params.put("quality", QUALITY);
            params.put("webp", webp);
            params.put("cdn_latency_ms", latency);
            params.put("warmup_images", users.warmupImages());
            params.put("fetchers", 1);
            cases.add(CaseResult.of(name, params, runs));
        }
        notes.add("images/s = images fetched / seconds from sending POST /harvests until a GET (every 250 ms, rarely "
                + "enough not to load the harvester) sees DONE: listing, fetching, tarring and finalising "
                + "(seconds_server = the harvester's createdAt -> finishedAt)");
        notes.add("latency = CreateTime of an image's result record minus that of its task record: queueing behind "
                + "earlier tasks + download + EXIF" + (webp ? " + cwebp" : "") + " + write");
        notes.add("cpu_ms_per_image_* = growth of utime+stime+cutime+cstime of each process (children it waited for, "
                + "i.e. cwebp, count for the fetcher) over the run / images; 'services' = harvester + fetcher + "
                + "archiver, 'all' adds broker and fakes");
        notes.add("peak_rss_mb_* = VmHWM after resetting it (clear_refs) at the start of the run");
        if (webp) {
            notes.add("cwebp alone = the fetcher's WebpConverter (cwebp -metadata all) over the same JPEGs, tagged by "
                    + "the fetcher's ExifWriter, on " + Runtime.getRuntime().availableProcessors()
                    + " threads (the fetcher's default cwebp concurrency = cores)");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("images", images);
        params.put("runs", options.runs());
        params.put("latencies_ms", options.latencies());
        params.put("service_jvm", BenchPipeline.SERVICE_JVM);
        params.put("fetcher_jvm", ContainerJvm.of(options.root(), "fetcher", BenchPipeline.SERVICE_JVM).options());
        return new ScenarioResult(scenario, BenchMain.today(), started, java.time.Instant.now(), machine, params,
                cases, notes);
    }
}
