package mapillary.archive.fetcher;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.fetcher.download.JpegCheck;
import mapillary.archive.fetcher.support.Listing;
import mapillary.archive.testkit.kafka.KafkaBroker;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import mapillary.archive.testkit.process.ManagedProcess;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged fetcher as a separate process against a real broker and the fake CDN (bodies trickling in over 2 s):
 * SIGTERM in the middle of a run ends it promptly and cleanly (no temp or partial file, every file a whole image);
 * after a restart every task has an OK result and exactly one file. All along, the {@code fetcher} group never
 * commits a task's offset before the task's result is on {@code mapillary.image-results}.
 */
class GracefulShutdownIT {

    private static final String USER = "shutdown-user";
    private static final int TASKS = 200;

    private final Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }

    @Test
    void sigtermMidRunEndsCleanlyAndARestartFinishesEveryTaskWithoutCommittingAheadOfResults() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work")).toAbsolutePath()
                .resolve("graceful-shutdown-" + stamp);
        Path dataDir = work.resolve("data");
        Path logs = work.resolve("logs");
        KafkaBroker broker = KafkaBroker.start();
        toClose.add(broker);
        FakeMapillary fake = FakeMapillary.start();
        toClose.add(fake);
        fake.addUser(SyntheticUser.generate(USER, TASKS, 77));
        List<ObjectNode> records = Listing.records(fake, USER, Quality.Q256, TASKS);
        assertThat(records).hasSize(TASKS);
        fake.faults().cdnLatency(Duration.ofMillis(100)).cdnSlowBody(Duration.ofSeconds(2));

        int port = freePort();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "ARCHIVE_DATA_DIR", dataDir.toString(),
                "MAPILLARY_API_URL", fake.apiUrl(),
                "MAPILLARY_TOKEN", fake.token(),
                "QUARKUS_HTTP_PORT", Integer.toString(port),
                // shorter than a body takes: images in flight at SIGTERM are abandoned mid-download
                "FETCHER_SHUTDOWN_GRACE", "1s");

        String ready = "http://127.0.0.1:" + port + "/q/health/ready";

        ResultCollector results = new ResultCollector(broker.bootstrapServers());
        toClose.add(results);
        OffsetSampler sampler = new OffsetSampler(broker.bootstrapServers());
        toClose.add(sampler);

        ManagedProcess fetcher = ManagedProcess.startService(root, "fetcher", env, work, logs);
        toClose.add(fetcher);
        fetcher.awaitHttpOk(ready, Duration.ofSeconds(90));

        String harvest = "h-" + UUID.randomUUID();
        String collection = "mapillary-" + USER + "-256";
        Map<TopicPartition, Map<Long, String>> taskAt = new HashMap<>();
        Map<String, ImageTask> tasks = new HashMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                // every tenth a WebP collection: cwebp may be running at SIGTERM too
                boolean webp = i % 10 == 0;
                ImageTask t = ImageTask.of(harvest, webp ? collection + "-webp" : collection, Quality.Q256, webp,
                        records.get(i));
                tasks.put(t.imageId(), t);
                sent.add(producer.send(new ProducerRecord<>(Topics.IMAGE_TASKS, t.imageId(),
                        Json.MAPPER.writeValueAsString(t))));
            }
            for (int k = 0; k < sent.size(); k++) {
                RecordMetadata m = sent.get(k).get();
                taskAt.computeIfAbsent(new TopicPartition(m.topic(), m.partition()), p -> new HashMap<>())
                        .put(m.offset(), records.get(k).get("id").asText());
            }
        }
        assertThat(tasks).as("distinct image ids").hasSize(TASKS);

        // mid-run: some results are out, most are not
        results.awaitDistinct(30, Duration.ofSeconds(60));
        assertThat(results.distinctIds().size()).as("SIGTERM comes in the middle of the run").isLessThan(TASKS);
        long sigterm = System.nanoTime();
        OptionalInt exit = fetcher.terminate(Duration.ofSeconds(30));
        long stopMillis = (System.nanoTime() - sigterm) / 1_000_000;
        assertThat(exit).as("the fetcher exits within 30 s of SIGTERM; log:\n" + fetcher.logTail(40)).isPresent();
        // Quarkus ends on SIGTERM with 0 after an orderly shutdown; 143 (128 + 15) would be the JVM's default
        assertThat(exit.getAsInt()).as("exit code; log:\n" + fetcher.logTail(40)).isIn(0, 143);
        System.out.printf("fetcher stopped %d ms after SIGTERM with exit code %d, %d of %d tasks done%n",
                stopMillis, exit.getAsInt(), results.distinctIds().size(), TASKS);
        assertThat(Files.readString(fetcher.log())).contains("shutdown: no new tasks").contains("fetcher stopped in");

        assertOnlyWholeImages(dataDir);
        // before the restart: no task the stopped fetcher committed lacks its result
        results.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(sampler.violations(taskAt, results)).as("tasks committed before their result was on "
                + Topics.IMAGE_RESULTS + " (first run)").isEmpty();

        ManagedProcess again = ManagedProcess.startService(root, "fetcher", env, work, logs);
        toClose.add(again);
        again.awaitHttpOk(ready, Duration.ofSeconds(90));
        results.awaitDistinct(TASKS, Duration.ofSeconds(120));
        sampler.stop();

        // every task: an OK result (redelivered ones may have two), never a failure
        Map<String, List<ImageResult>> byId = results.byId();
        assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(tasks.keySet());
        byId.forEach((id, list) -> assertThat(list).as(id).allSatisfy(r ->
                assertThat(r.status()).as(id + ": " + r.reason()).isEqualTo(ImageResult.Status.OK)));

        // exactly one whole file per task, where its result says, and nothing else
        Set<Path> expected = new HashSet<>();
        byId.forEach((id, list) -> {
            ImageTask t = tasks.get(id);
            Set<String> paths = new HashSet<>();
            list.forEach(r -> paths.add(r.path()));
            assertThat(paths).as("one path for " + id).hasSize(1);
            expected.add(dataDir.resolve("staging").resolve(t.collection()).resolve(paths.iterator().next())
                    .normalize());
        });
        assertThat(regularFiles(dataDir)).containsExactlyInAnyOrderElementsOf(expected);
        assertOnlyWholeImages(dataDir);

        // no commit ever ran ahead of a result
        List<String> violations = sampler.violations(taskAt, results);
        assertThat(sampler.samples()).as("offset samples taken").isGreaterThan(5);
        assertThat(sampler.maxCommittedTotal()).as("commits were observed").isPositive();
        assertThat(violations).as("tasks committed before their result was on " + Topics.IMAGE_RESULTS).isEmpty();
    }

    /** No temp files, and every file is a whole JPEG or WebP. */
    private static void assertOnlyWholeImages(Path dataDir) throws IOException {
        for (Path f : regularFiles(dataDir)) {
            String name = f.getFileName().toString();
            assertThat(name).as("temp or stray file").doesNotStartWith(".").doesNotEndWith(".tmp");
            if (name.endsWith(".jpg")) {
                assertThat(JpegCheck.problem(f)).as(f.toString()).isEmpty();
            } else {
                assertThat(name).endsWith(".webp");
                assertThat(webpProblem(f)).as(f.toString()).isNull();
            }
        }
    }

    private static List<Path> regularFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(Path::normalize).toList();
        }
    }

    /** Null when the file is a whole RIFF/WEBP container (its RIFF size matches the file size). */
    private static String webpProblem(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        if (b.length < 12 || b[0] != 'R' || b[1] != 'I' || b[2] != 'F' || b[3] != 'F'
                || b[8] != 'W' || b[9] != 'E' || b[10] != 'B' || b[11] != 'P') {
            return "not a WebP";
        }
        long riff = Integer.toUnsignedLong(ByteBuffer.wrap(b, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        return riff + 8 == b.length ? null : "RIFF size " + (riff + 8) + " but " + b.length + " bytes";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads {@code mapillary.image-results} from the start, all along, remembering where each result landed. */
    static final class ResultCollector implements AutoCloseable {

        private final Map<String, List<ImageResult>> byId = new ConcurrentHashMap<>();
        /** Lowest (partition, offset) of the first result of each image. */
        private final Map<String, TopicPartitionOffset> firstAt = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<Integer, Long> next = new ConcurrentHashMap<>();
        private final String bootstrap;
        private final Thread thread;

        ResultCollector(String bootstrap) {
            this.bootstrap = bootstrap;
            thread = Thread.ofPlatform().daemon().name("results").start(() -> {
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                        new StringDeserializer(), new StringDeserializer())) {
                    c.subscribe(List.of(Topics.IMAGE_RESULTS));
                    while (running.get()) {
                        c.poll(Duration.ofMillis(200)).forEach(r -> {
                            try {
                                ImageResult result = Json.MAPPER.readValue(r.value(), ImageResult.class);
                                byId.computeIfAbsent(result.imageId(), k -> new CopyOnWriteArrayList<>()).add(result);
                                firstAt.merge(result.imageId(), new TopicPartitionOffset(r.partition(), r.offset()),
                                        (a, b) -> a.offset() <= b.offset() ? a : b);
                                next.merge(r.partition(), r.offset() + 1, Math::max);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                }
            });
        }

        Set<String> distinctIds() {
            return byId.keySet();
        }

        Map<String, List<ImageResult>> byId() {
            return byId;
        }

        TopicPartitionOffset firstAt(String imageId) {
            return firstAt.get(imageId);
        }

        /** Waits until every result now on the topic has been read. */
        void awaitCaughtUp(Duration timeout) throws Exception {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < Topics.PARTITIONS.get(Topics.IMAGE_RESULTS); p++) {
                latest.put(new TopicPartition(Topics.IMAGE_RESULTS, p), OffsetSpec.latest());
            }
            Map<Integer, Long> ends = new HashMap<>();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && !ends.entrySet().stream()
                    .allMatch(e -> e.getValue() == 0 || next.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
                Thread.sleep(50);
            }
        }

        void awaitDistinct(int n, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (byId.size() < n && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(byId.size()).as("distinct results").isGreaterThanOrEqualTo(n);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    record TopicPartitionOffset(int partition, long offset) {
    }

    /**
     * Samples the {@code fetcher} group's committed offsets every 100 ms, each followed by the end offsets of the
     * result topic. If the fetcher ever committed a task before its result was written (for instance by acking on
     * receipt, or acking the task instead of tying the ack to the result's send), a sample would hold a committed
     * offset past a task whose result lies at or beyond the result topic's end in that same sample: with bodies
     * taking two seconds, results come seconds after such an early commit, so twenty samples would see it.
     */
    static final class OffsetSampler implements AutoCloseable {

        private record Sample(Map<TopicPartition, Long> committed, Map<Integer, Long> resultEnds) {
        }

        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        OffsetSampler(String bootstrap) {
            thread = Thread.ofPlatform().daemon().name("offsets").start(() -> {
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (int p = 0; p < Topics.PARTITIONS.get(Topics.IMAGE_RESULTS); p++) {
                        latest.put(new TopicPartition(Topics.IMAGE_RESULTS, p), OffsetSpec.latest());
                    }
                    while (running.get()) {
                        try {
                            Map<TopicPartition, OffsetAndMetadata> c = admin.listConsumerGroupOffsets("fetcher")
                                    .partitionsToOffsetAndMetadata().get();
                            Map<TopicPartition, Long> committed = new HashMap<>();
                            c.forEach((tp, om) -> {
                                if (om != null && tp.topic().equals(Topics.IMAGE_TASKS)) {
                                    committed.put(tp, om.offset());
                                }
                            });
                            Map<Integer, Long> ends = new HashMap<>();
                            admin.listOffsets(latest).all().get().forEach((tp, info) ->
                                    ends.put(tp.partition(), info.offset()));
                            samples.add(new Sample(committed, ends));
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            // the group may not exist yet: sample again
                        }
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }

        int samples() {
            return samples.size();
        }

        long maxCommittedTotal() {
            return samples.stream().mapToLong(s -> s.committed().values().stream().mapToLong(Long::longValue).sum())
                    .max().orElse(0);
        }

        /** Every (task below a committed offset) whose first result was not yet below the result topic's end. */
        List<String> violations(Map<TopicPartition, Map<Long, String>> taskAt, ResultCollector results) {
            List<String> out = new ArrayList<>();
            for (Sample s : samples) {
                s.committed().forEach((tp, committed) -> {
                    Map<Long, String> tasks = taskAt.getOrDefault(tp, Map.of());
                    tasks.forEach((offset, id) -> {
                        if (offset < committed) {
                            TopicPartitionOffset first = results.firstAt(id);
                            Long end = first == null ? null : s.resultEnds().get(first.partition());
                            if (first == null || end == null || first.offset() >= end) {
                                out.add(id + " at " + tp + "@" + offset + " committed (" + committed
                                        + ") before its result " + first + " (result end " + end + ")");
                            }
                        }
                    });
                });
            }
            return out.size() > 20 ? out.subList(0, 20) : out;
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
