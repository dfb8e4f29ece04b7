package mapillary.archive.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 3: JPEG harvests at a fixed CDN latency with 1, 2, 4 ... fetcher processes in the consumer group
 * {@code fetcher} (image-tasks has 24 partitions); fetchers are added to one running pipeline between cases.
 */
public final class ScalingScenario {

    private final BenchOptions options;

    public ScalingScenario(BenchOptions options) {
        this.options = options;
    }

    public ScenarioResult run() throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        int images = options.images();
        int latency = options.scalingLatency();
        List<Integer> counts = options.fetchers().stream().sorted().toList();
        List<String> fakeArgs = new ArrayList<>(List.of("--cdn-latency-ms", Integer.toString(latency), "--warm",
                PipelineScenario.QUALITY));
        Map<Integer, Users> users = new LinkedHashMap<>();
        for (int n : counts) {
            Users u = Users.of("scaling-" + n + "f", options.warmupFor(images), options.runs(), images);
            users.put(n, u);
            fakeArgs.addAll(u.fakeArgs());
        }
        List<CaseResult> cases = new ArrayList<>();
        try (BenchPipeline pipeline = new BenchPipeline(options.root(), options.workDir().resolve("scaling-"
                + System.currentTimeMillis()), fakeArgs, true, PipelineScenario.SERVICES)) {
            HarvestRun harvest = new HarvestRun(pipeline);
            int running = 1;
            for (int n : counts) {
                List<String> added = new ArrayList<>();
                while (running < n) {
                    added.add(pipeline.startService("fetcher"));
                    running++;
                }
                added.forEach(pipeline::awaitReady);
                Users u = users.get(n);
                if (u.warmup() != null) {
                    // also lets the consumer group settle on the new members before the measured runs
                    harvest.run(u.warmup(), PipelineScenario.QUALITY, false, u.warmupImages());
                }
                List<Map<String, Double>> runs = new ArrayList<>();
                for (String user : u.runs()) {
                    Map<String, Double> run = harvest.run(user, PipelineScenario.QUALITY, false, images).asMap();
                    run.put("fetchers", (double) n);
                    runs.add(run);
                    System.out.printf("scaling %d fetchers %s: %s%n", n, user, run);
                }
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("images", images);
                params.put("cdn_latency_ms", latency);
                params.put("fetchers", n);
                params.put("warmup_images", u.warmupImages());
                cases.add(CaseResult.of(n + " fetcher" + (n == 1 ? "" : "s"), params, runs));
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("images", images);
        params.put("runs", options.runs());
        params.put("cdn_latency_ms", latency);
        params.put("fetchers", counts);
        List<String> notes = List.of("fetchers are added to the running pipeline (same group 'fetcher'); the "
                        + "warm-up harvest after each addition also lets the group rebalance",
                "linear growth would be images/s(n) = n x images/s(1) until the " + machine.cores()
                        + " cores are saturated: compare cpu_ms_per_image_all x images/s with "
                        + machine.cores() * 1000 + " ms/s");
        return new ScenarioResult("scaling", BenchMain.today(), started, Instant.now(), machine, params, cases, notes);
    }
}
