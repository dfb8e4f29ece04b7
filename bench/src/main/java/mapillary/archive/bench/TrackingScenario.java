package mapillary.archive.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scenario "tracking": one collection of N OK results (one STARTED and LISTED, 40 dates, no files) fed to the packaged
 * archiver alone. Reports, at a tenth, half and all of N as counted by the tracking topology's progress snapshots,
 * results/s, the archiver's heap after a full GC and its RSS; or where it stopped (an OutOfMemoryError in its log,
 * or no progress for two minutes).
 */
public final class TrackingScenario {

    private static final int DATES = 40;
    private static final Duration STALL = Duration.ofMinutes(2);

    private final BenchOptions options;

    public TrackingScenario(BenchOptions options) {
        this.options = options;
    }

    public ScenarioResult run() throws Exception {
        Instant started = Instant.now();
        Machine machine = Machine.describe();
        int images = options.trackingResults();
        Map<String, Double> run;
        try (BenchPipeline pipeline = new BenchPipeline(options.root(), options.workDir().resolve("tracking-"
                + System.currentTimeMillis()), List.of(), false, List.of("archiver"))) {
            run = feedAndWatch(pipeline, images);
            System.out.printf("tracking: %s%n", run);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("images", images);
        params.put("dates", DATES);
        params.put("service_jvm", BenchPipeline.SERVICE_JVM);
        List<String> notes = List.of("results = distinct OK results counted by the tracking topology (its newest "
                        + "snapshot on mapillary.harvest-progress); results/s from the first result sent",
                "heap = 'used' of jcmd GC.heap_info right after jcmd GC.run at 10 %, 50 % and 100 % of the results; "
                        + "rss = the archiver's resident set then",
                "stopped_at = results counted when the archiver's log first showed an OutOfMemoryError (-1: never)");
        CaseResult c = CaseResult.of("tracking " + String.format("%,d", images) + " results", params, List.of(run));
        return new ScenarioResult("tracking", BenchMain.today(), started, Instant.now(), machine, params, List.of(c),
                notes);
    }

    private static Map<String, Double> feedAndWatch(BenchPipeline pipeline, int images) throws Exception {
        String collection = "mapillary-tracker" + UUID.randomUUID().toString().substring(0, 6) + "-1024";
        long pid = pipeline.pids().get("archiver-1");
        Metrics m = new Metrics().put("images", images);
        try (ProcessMeter meter = new ProcessMeter(Map.of("archiver", pid));
             KafkaConsumer<String, String> progress = progressConsumer(pipeline.bootstrapServers())) {
            long t0 = System.nanoTime();
            Thread feeder = Thread.ofPlatform().name("tracking-feeder").start(() -> feed(pipeline, collection, images));
            List<Integer> checkpoints = List.of(images / 10, images / 2, images);
            int next = 0;
            long counted = 0;
            long stoppedAt = -1;
            long lastChange = System.nanoTime();
            while (next < checkpoints.size() && System.nanoTime() - lastChange < STALL.toNanos()) {
                long now = latest(progress, collection, counted);
                if (now > counted) {
                    counted = now;
                    lastChange = System.nanoTime();
                }
                if (stoppedAt < 0 && pipeline.logs().contains("OutOfMemoryError")) {
                    stoppedAt = counted;
                }
                if (counted >= checkpoints.get(next)) {
                    String at = next == 0 ? "10pct" : next == 1 ? "50pct" : "100pct";
                    double secs = (System.nanoTime() - t0) / 1e9;
                    m.put("results_per_s_" + at, Metrics.round(counted / secs, 0))
                            .put("heap_used_mb_" + at, Metrics.round(Jcmd.heapUsedAfterGcKb(pid) / 1024.0, 1))
                            .put("rss_mb_" + at, Metrics.round(meter.peakRssKb().get("archiver") / 1024.0, 1));
                    next++;
                }
            }
            feeder.join(Duration.ofMinutes(1));
            m.put("results", counted).put("stopped_at", stoppedAt)
                    .put("cpu_ms_per_1000_results_archiver",
                            Metrics.round(meter.cpuMillis().get("archiver") * 1000.0 / Math.max(1, counted), 2));
        }
        return m.asMap();
    }

    private static void feed(BenchPipeline pipeline, String collection, int images) {
        Map<String, Long> perDate = new LinkedHashMap<>();
        for (int d = 0; d < DATES; d++) {
            perDate.put(date(d), (long) (images / DATES + (d < images % DATES ? 1 : 0)));
        }
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, pipeline.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new StringSerializer())) {
            p.send(new ProducerRecord<>(Topics.HARVEST_EVENTS, collection, json(HarvestEvent.started("bench", collection,
                    "tracker", Quality.Q1024, false, true)))).get();
            p.send(new ProducerRecord<>(Topics.HARVEST_EVENTS, collection, json(HarvestEvent.listed("bench", collection,
                    "tracker", Quality.Q1024, false, true, images, perDate)))).get();
            for (int i = 0; i < images; i++) {
                String date = date(i % DATES);
                String id = Long.toString(1_000_000_000_000L + i);
                p.send(new ProducerRecord<>(Topics.IMAGE_RESULTS, collection, json(new ImageResult(ImageResult.VERSION,
                        "bench", collection, id, date, ImageResult.Status.OK, 170_000, 170_000,
                        date + "/s/" + id + ".jpg", null, 1))));
            }
            p.flush();
        } catch (Exception e) {
            throw new IllegalStateException("feeding the results failed", e);
        }
    }

    private static String date(int d) {
        return java.time.LocalDate.of(2020, 1, 1).plusDays(d).toString();
    }

    private static KafkaConsumer<String, String> progressConsumer(String bootstrap) {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-tracking-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer());
        c.subscribe(List.of(Topics.HARVEST_PROGRESS));
        return c;
    }

    /** The newest count of the collection's snapshots polled now, or {@code before} when none came. */
    private static long latest(KafkaConsumer<String, String> c, String collection, long before) throws Exception {
        long latest = before;
        for (var r : c.poll(Duration.ofMillis(500))) {
            if (collection.equals(r.key())) {
                latest = Math.max(latest, Json.MAPPER.readValue(r.value(), HarvestProgress.class).done());
            }
        }
        return latest;
    }

    private static String json(Object value) throws JsonProcessingException {
        return Json.MAPPER.writeValueAsString(value);
    }
}
