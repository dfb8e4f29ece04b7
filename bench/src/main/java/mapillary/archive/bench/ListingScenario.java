package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scenario 4: listing a big user at 0 ms API latency with only the packaged harvester running (no fetcher consumes
 * the tasks): records/s published into Kafka, and the harvester's heap after a full GC at half way and at the end.
 */
public final class ListingScenario {

    private final BenchOptions options;

    public ListingScenario(BenchOptions options) {
        this.options = options;
    }

    public ScenarioResult run() throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        int images = options.listingImages();
        Users users = Users.of("listing", 0, options.runs(), images);
        List<Map<String, Double>> runs = new ArrayList<>();
        try (BenchPipeline pipeline = new BenchPipeline(options.root(), options.workDir().resolve("listing-"
                + System.currentTimeMillis()), users.fakeArgs(), false, List.of("harvester"))) {
            HarvestClient client = new HarvestClient(pipeline.url("harvester-1"));
            long pid = pipeline.pids().get("harvester-1");
            for (String user : users.runs()) {
                runs.add(listOnce(pipeline, client, pid, user, images).asMap());
                System.out.printf("listing %s: %s%n", user, runs.getLast());
            }
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("images", images);
        params.put("runs", options.runs());
        params.put("api_latency_ms", 0);
        params.put("service_jvm", BenchPipeline.SERVICE_JVM);
        List<String> notes = List.of("records/s = tasks listed (published to mapillary.image-tasks) / seconds from "
                        + "POST until the status leaves LISTING (polled every 100 ms; includes one jcmd GC.run at half "
                        + "way)",
                "heap = 'used' of jcmd GC.heap_info right after jcmd GC.run, at half way and at the end: flat means "
                        + "the user streams through");
        CaseResult c = CaseResult.of("listing " + String.format("%,d", images) + " images", params, runs);
        return new ScenarioResult("listing", BenchMain.today(), started, Instant.now(), machine, params, List.of(c),
                notes);
    }

    private static Metrics listOnce(BenchPipeline pipeline, HarvestClient client, long pid, String user, int images)
            throws Exception {
        double load = Proc.loadAverage();
        try (ProcessMeter meter = new ProcessMeter(Map.of("harvester", pid))) {
            long t0 = System.nanoTime();
            String id = client.start("{\"username\":\"" + user + "\",\"quality\":\"1024\",\"webp\":false,"
                    + "\"checkIa\":false}").get("id").asText();
            long half = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            JsonNode h;
            while (true) {
                h = client.get(id);
                if (!"LISTING".equals(h.path("status").asText())) {
                    break;
                }
                if (half < 0 && HarvestClient.count(h, "listed") >= images / 2) {
                    half = Jcmd.heapUsedAfterGcKb(pid);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("listing did not end within 30 minutes: " + h + pipeline.logs());
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (!"FETCHING".equals(h.path("status").asText())) {
                throw new IllegalStateException("listing ended " + h + pipeline.logs());
            }
            long listed = HarvestClient.count(h, "listed");
            long cpu = meter.cpuMillis().get("harvester");
            long end = Jcmd.heapUsedAfterGcKb(pid);
            return new Metrics().put("listed", listed)
                    .put("seconds", Metrics.round(seconds, 3))
                    .put("records_per_s", Metrics.round(listed / seconds, 0))
                    .put("heap_used_mb_half", half < 0 ? Double.NaN : Metrics.round(half / 1024.0, 1))
                    .put("heap_used_mb_end", end < 0 ? Double.NaN : Metrics.round(end / 1024.0, 1))
                    .put("peak_rss_mb_harvester", Metrics.round(meter.peakRssKb().get("harvester") / 1024.0, 1))
                    .put("cpu_ms_per_1000_records_harvester", Metrics.round(cpu * 1000.0 / Math.max(1, listed), 2))
                    .put("load1_start", load).put("load1_end", Proc.loadAverage());
        }
    }
}
