package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.io.DirectorySize;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One measured harvest through the whole pipeline: from sending {@code POST /harvests} until a GET (every 250 ms)
 * sees DONE (listed, fetched, tarred, finalised), with throughput, per-image latency, CPU per image and peak RSS of
 * every process.
 */
public final class HarvestRun {

    private static final List<String> SERVICES = List.of("harvester", "fetcher", "archiver");

    private final BenchPipeline pipeline;
    private final HarvestClient client;

    public HarvestRun(BenchPipeline pipeline) {
        this.pipeline = pipeline;
        this.client = new HarvestClient(pipeline.url("harvester-1"));
    }

    /** Harvests {@code username} (all its images) at {@code quality} and returns the run's figures. */
    public Metrics run(String username, String quality, boolean webp, int expectedImages)
            throws IOException, InterruptedException {
        double loadStart = Proc.loadAverage();
        JsonNode done;
        long t0;
        long t1;
        Map<String, Long> cpu;
        Map<String, Long> rss;
        try (ProcessMeter meter = new ProcessMeter(pipeline.pids())) {
            t0 = System.nanoTime();
            JsonNode started = client.start("{\"username\":\"" + username + "\",\"quality\":\"" + quality
                    + "\",\"webp\":" + webp + "}");
            String id = started.get("id").asText();
            Duration timeout = Duration.ofSeconds(300 + expectedImages / (webp ? 2 : 20));
            done = client.await(id, h -> "DONE".equals(h.path("status").asText()), timeout, 250);
            t1 = System.nanoTime();
            cpu = meter.cpuMillis();
            rss = meter.peakRssKb();
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + pipeline.logs(), e);
        }
        String harvestId = done.get("id").asText();
        long images = HarvestClient.count(done, "fetched");
        // the bytes come with the archiver's progress snapshot, which may reach the harvester just after FINALISED
        JsonNode settled = done;
        for (int i = 0; i < 50 && images > 0 && HarvestClient.count(settled, "bytes") == 0; i++) {
            Thread.sleep(100);
            settled = client.get(harvestId);
        }
        double seconds = (t1 - t0) / 1e9;
        Metrics m = new Metrics()
                .put("images", images)
                .put("failed", HarvestClient.count(done, "failed"))
                .put("seconds", Metrics.round(seconds, 3))
                .put("seconds_server", Metrics.round(serverSeconds(done).orElse(Double.NaN), 3))
                .put("images_per_s", Metrics.round(images / seconds, 1))
                .put("mb_per_s_downloaded", Metrics.round(HarvestClient.count(settled, "bytes") / 1e6 / seconds, 2))
                .put("mb_per_s_written", Metrics.round(DirectorySize.bytes(pipeline.dataDir().resolve("output")
                        .resolve(done.get("collection").asText())) / 1e6 / seconds, 2));
        List<Double> latencies = TaskLatencies.of(pipeline.bootstrapServers(), harvestId);
        m.put("latency_p50_ms", Metrics.round(Summary.percentile(latencies, 50), 1))
                .put("latency_p99_ms", Metrics.round(Summary.percentile(latencies, 99), 1));
        Map<String, Long> cpuByGroup = new TreeMap<>();
        cpu.forEach((name, ms) -> cpuByGroup.merge(ProcessMeter.group(name), ms, Long::sum));
        long services = SERVICES.stream().mapToLong(s -> cpuByGroup.getOrDefault(s, 0L)).sum();
        long all = cpuByGroup.values().stream().mapToLong(Long::longValue).sum();
        double perImage = Math.max(1, images);
        m.put("cpu_ms_per_image_services", Metrics.round(services / perImage, 3))
                .put("cpu_ms_per_image_all", Metrics.round(all / perImage, 3));
        cpuByGroup.forEach((g, ms) -> m.put("cpu_ms_per_image_" + g, Metrics.round(ms / perImage, 3)));
        Map<String, Long> rssByGroup = new TreeMap<>();
        rss.forEach((name, kb) -> rssByGroup.merge(ProcessMeter.group(name), kb, Math::max));
        rssByGroup.forEach((g, kb) -> m.put("peak_rss_mb_" + g, Metrics.round(kb / 1024.0, 1)));
        m.put("load1_start", loadStart).put("load1_end", Proc.loadAverage());
        return m;
    }

    /** createdAt to finishedAt as the harvester stamped them (ms precision), when both are there. */
    static java.util.Optional<Double> serverSeconds(JsonNode done) {
        JsonNode c = done.get("createdAt");
        JsonNode f = done.get("finishedAt");
        if (c == null || f == null || c.isNull() || f.isNull()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Duration.between(instant(c), instant(f)).toNanos() / 1e9);
        } catch (RuntimeException unparseable) {
            return java.util.Optional.empty();
        }
    }

    private static Instant instant(JsonNode n) {
        return n.isNumber() ? Instant.ofEpochMilli((long) (n.asDouble() * 1000)) : Instant.parse(n.asText());
    }
}
