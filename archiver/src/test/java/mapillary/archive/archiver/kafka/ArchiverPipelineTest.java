package mapillary.archive.archiver.kafka;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.archiver.finalise.TestImages;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archiver against a real broker: harvest events and image results (out of order, one redelivered) produced
 * with a plain producer end in a finished collection under {@code output/} and a FINALISED event; records redelivered
 * after that are dropped.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class ArchiverPipelineTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    DataDirs dirs;

    @Inject
    Tracker tracker;

    @Test
    void listedCollectionWithEveryImageAccountedForIsFinalisedAndMoved() throws Exception {
        String user = "qt" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "mapillary-" + user + "-1024";
        Path staging = dirs.staging(collection);
        long day1 = Instant.parse("2024-01-15T10:00:00Z").toEpochMilli();
        long day2 = Instant.parse("2024-01-16T23:59:59Z").toEpochMilli();
        String[][] images = {
                {"1001", "2024-01-15", "seqA", Long.toString(day1)},
                {"1002", "2024-01-15", "seqB", Long.toString(day1 + 1000)},
                {"1003", "2024-01-16", "seqA", Long.toString(day2)},
                {"1004", "2024-01-16", "seqA", Long.toString(day2)}, // fails for good
        };
        StringBuilder metadata = new StringBuilder();
        List<ImageResult> results = new ArrayList<>();
        for (String[] i : images) {
            metadata.append("{\"id\": \"").append(i[0]).append("\", \"captured_at\": ").append(i[3])
                    .append(", \"sequence\": \"").append(i[2]).append("\"}\n");
            String rel = i[1] + "/" + i[2] + "/" + i[0] + ".jpg";
            if (i[0].equals("1004")) {
                results.add(new ImageResult(1, "h1", collection, i[0], i[1], ImageResult.Status.FAILED, 0, 0, null,
                        "HTTP 404", 3));
                continue;
            }
            Path f = staging.resolve(rel);
            Files.createDirectories(f.getParent());
            Files.write(f, TestImages.jpeg(300, 200, Color.RED));
            Files.setLastModifiedTime(f, FileTime.fromMillis(Long.parseLong(i[3])));
            results.add(new ImageResult(1, "h1", collection, i[0], i[1], ImageResult.Status.OK, 100, Files.size(f),
                    rel, null, 1));
        }
        metadata.append("{\"__complete__\": true}\n");
        Files.writeString(staging.resolve("metadata.jsonl"), metadata);

        try (KafkaConsumer<String, String> events = consumer();
             KafkaProducer<String, String> producer = producer()) {
            events.subscribe(List.of(Topics.COLLECTION_EVENTS));
            // hostile input first: unreadable values and a path-traversing collection are skipped, not fatal
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.IMAGE_RESULTS, collection,
                    "{not json")).get();
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.HARVEST_EVENTS, collection,
                    "[1,2]")).get();
            send(producer, Topics.IMAGE_RESULTS, "../../etc", new ImageResult(1, "h1", "../../etc", "1",
                    "2024-01-15", ImageResult.Status.OK, 1, 1, "../../etc/passwd", null, 1));
            send(producer, Topics.HARVEST_EVENTS, collection,
                    HarvestEvent.started("h1", collection, user, Quality.Q1024, false, true));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(0));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(3));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(0)); // redelivered
            send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("h1", collection, user,
                    Quality.Q1024, false, true, 4, Map.of("2024-01-15", 2L, "2024-01-16", 2L)));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(1));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(2));
            producer.flush();

            List<CollectionEvent> seen = awaitFinalised(events, collection, Duration.ofSeconds(90));
            CollectionEvent finalised = seen.get(seen.size() - 1);
            assertThat(finalised.images()).isEqualTo(3);
            assertThat(finalised.failed()).isEqualTo(1);
            assertThat(finalised.path()).isEqualTo("output/" + collection);
            assertThat(finalised.bytes()).isPositive();
            assertThat(seen).filteredOn(e -> e.type() == CollectionEvent.Type.DATE_TARRED)
                    .extracting(CollectionEvent::date).containsExactlyInAnyOrder("2024-01-15", "2024-01-16");

            // the tracking topology's snapshot: absolute counts, each image once despite the redelivery
            HarvestProgress snapshot = awaitProgress(collection, "h1", 4);
            assertThat(snapshot.harvestId()).isEqualTo("h1");
            assertThat(snapshot.listed()).isEqualTo(4);
            assertThat(snapshot.fetched()).isEqualTo(3);
            assertThat(snapshot.failed()).isEqualTo(1);
            assertThat(snapshot.bytes()).isEqualTo(300);

            // Kafka redelivers after a crash before the commit: recognised as finished and dropped
            long dropped = tracker.dropped();
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(0));
            send(producer, Topics.IMAGE_RESULTS, collection, results.get(2));
            send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("h1", collection, user,
                    Quality.Q1024, false, true, 4, Map.of("2024-01-15", 2L, "2024-01-16", 2L)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (tracker.dropped() < dropped + 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tracker.dropped()).isEqualTo(dropped + 3);
            assertThat(tracker.snapshot(collection)).isEmpty();
            assertThat(staging).doesNotExist();
            for (var r : events.poll(Duration.ofMillis(500))) {
                assertThat(r.key()).isNotEqualTo(collection);
            }
        }

        Path output = dirs.output(collection);
        assertThat(staging).doesNotExist();
        assertThat(TarIndex.read(output.resolve("2024-01-15.tar")))
                .containsOnlyKeys("2024-01-15/seqA/1001.jpg", "2024-01-15/seqB/1002.jpg");
        assertThat(TarIndex.read(output.resolve("2024-01-16.tar"))).containsOnlyKeys("2024-01-16/seqA/1003.jpg");
        assertThat(output.resolve("2024-01-15")).doesNotExist();
        assertThat(output.resolve("metadata.jsonl")).doesNotExist();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                Files.newInputStream(output.resolve("metadata.jsonl.gz"))), StandardCharsets.UTF_8))) {
            assertThat(r.lines().toList()).hasSize(5);
        }
        assertThat(Files.readAllLines(output.resolve("failed.jsonl"))).singleElement()
                .satisfies(l -> assertThat(Json.MAPPER.readTree(l).get("id").asText()).isEqualTo("1004"));
        assertThat(output.resolve("__ia_thumb__.jpg")).exists();
        Map<String, List<String>> meta = MetaWriter.read(output);
        assertThat(meta.get("image_count")).containsExactly("3");
        assertThat(meta.get("failed_count")).containsExactly("1");
        assertThat(meta.get("coverage")).containsExactly("2024-01-15 - 2024-01-16");
        assertThat(meta.get("description").get(0)).contains("Contains 3 images in 1024px resolution");
        assertThat(dirs.root().resolve("archiver/journal").toFile().list())
                .noneMatch(n -> n.contains("etc") || n.contains(collection));
    }

    @Test
    void hostileAndBrokenHarvestEventsAreCountedAndIgnoredAndTheCollectionStillFinishes() throws Exception {
        String user = "qt" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "mapillary-" + user + "-256";
        Path staging = dirs.staging(collection);
        Path victim = dirs.stagingRoot().resolve("VICTIM-" + user);
        Files.createDirectories(victim);
        Files.writeString(victim.resolve("precious.txt"), "keep me");
        Path f = staging.resolve("2020-01-01/s/2001.jpg");
        Files.createDirectories(f.getParent());
        Files.write(f, TestImages.jpeg(64, 48, Color.BLUE));
        Files.writeString(staging.resolve("metadata.jsonl"),
                "{\"id\": \"2001\", \"captured_at\": 1577872800000}\n{\"__complete__\": true}\n");
        ImageResult ok = new ImageResult(1, "h1", collection, "2001", "2020-01-01", ImageResult.Status.OK, 1,
                Files.size(f), "2020-01-01/s/2001.jpg", null, 1);
        String head = "{\"v\":1,\"harvestId\":\"h1\",\"collection\":\"" + collection + "\",\"username\":\""
                + user + "\",\"quality\":\"256\",\"tar\":true,";
        List<String> hostile = List.of(
                head + "\"type\":\"LISTED\",\"total\":1,\"perDate\":{\"2020-01-01\":1,\"../VICTIM-" + user
                        + "\":0}}",
                head + "\"type\":\"LISTED\",\"total\":1,\"perDate\":{\"/etc\":1}}",
                head + "\"type\":\"LISTED\",\"total\":1,\"perDate\":{\"2020-01-01\":null}}",
                head + "\"type\":\"LISTED\",\"total\":1,\"perDate\":{\"2020-01-01\":-1,\"2020-01-02\":2}}",
                head + "\"type\":\"LISTED\",\"total\":0,\"perDate\":{\"2020-01-01\":1}}",
                head + "\"type\":\"EXPLODED\"}");
        double before = droppedBadEvents();
        try (KafkaConsumer<String, String> events = consumer();
             KafkaProducer<String, String> producer = producer()) {
            events.subscribe(List.of(Topics.COLLECTION_EVENTS));
            send(producer, Topics.HARVEST_EVENTS, collection,
                    HarvestEvent.started("h1", collection, user, Quality.Q256, false, true));
            for (String raw : hostile) {
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.HARVEST_EVENTS,
                        collection, raw)).get();
            }
            send(producer, Topics.IMAGE_RESULTS, collection, ok);
            send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("h1", collection, user,
                    Quality.Q256, false, true, 1, Map.of("2020-01-01", 1L)));
            producer.flush();

            List<CollectionEvent> seen = awaitFinalised(events, collection, Duration.ofSeconds(90));
            assertThat(seen.get(seen.size() - 1).images()).isEqualTo(1);
        }
        assertThat(Files.readString(victim.resolve("precious.txt"))).isEqualTo("keep me");
        assertThat(dirs.stagingRoot().resolve("VICTIM-" + user + ".tar")).doesNotExist();
        assertThat(TarIndex.read(dirs.output(collection).resolve("2020-01-01.tar")))
                .containsOnlyKeys("2020-01-01/s/2001.jpg");
        assertThat(droppedBadEvents() - before).isEqualTo(hostile.size());
        HarvestProgress snapshot = awaitProgress(collection, "h1", 1);
        assertThat(snapshot.listed()).as("the topology took the good LISTED, not a hostile one").isEqualTo(1);
        assertThat(snapshot.fetched()).isEqualTo(1);
    }

    @Test
    void aHarvestAfterACancelledOneIsCountedFromZeroByTheTopology() throws Exception {
        String user = "qt" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "mapillary-" + user + "-2048";
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, Topics.HARVEST_EVENTS, collection,
                    HarvestEvent.started("c1", collection, user, Quality.Q2048, false, true));
            send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("c1", collection, user,
                    Quality.Q2048, false, true, 3, Map.of("2021-05-01", 3L)));
            send(producer, Topics.IMAGE_RESULTS, collection, new ImageResult(1, "c1", collection, "1", "2021-05-01",
                    ImageResult.Status.OK, 10, 10, "2021-05-01/s/1.jpg", null, 1));
            send(producer, Topics.HARVEST_EVENTS, collection,
                    HarvestEvent.ended(HarvestEvent.Type.CANCELLED, "c1", collection, "cancelled by request"));
            send(producer, Topics.HARVEST_EVENTS, collection,
                    HarvestEvent.started("c2", collection, user, Quality.Q2048, false, true));
            send(producer, Topics.IMAGE_RESULTS, collection, new ImageResult(1, "c1", collection, "2", "2021-05-01",
                    ImageResult.Status.SKIPPED, 0, 0, null, "cancelled", 0));
            send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("c2", collection, user,
                    Quality.Q2048, false, true, 2, Map.of("2021-05-01", 2L)));
            for (String id : List.of("1", "2", "1")) {
                send(producer, Topics.IMAGE_RESULTS, collection, new ImageResult(1, "c2", collection, id,
                        "2021-05-01", ImageResult.Status.FAILED, 0, 0, null, "HTTP 404", 3));
            }
            producer.flush();
        }
        HarvestProgress snapshot = awaitProgress(collection, "c2", 2);
        assertThat(snapshot.harvestId()).isEqualTo("c2");
        assertThat(snapshot.listed()).isEqualTo(2);
        assertThat(snapshot.failed()).isEqualTo(2);
        assertThat(snapshot.fetched()).as("the cancelled harvest's OK does not count").isZero();
    }

    /** {@code archiver_records_dropped_total{kind="bad",topic="mapillary.harvest-events"}} from /q/metrics. */
    private static double droppedBadEvents() {
        String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract()
                .asString();
        return metrics.lines().filter(l -> l.startsWith("archiver_records_dropped_total{")
                        && l.contains("kind=\"bad\"") && l.contains("topic=\"" + Topics.HARVEST_EVENTS + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The newest progress snapshot of the collection's harvest once it accounts for {@code done} images. */
    private HarvestProgress awaitProgress(String collection, String harvestId, long done) throws Exception {
        try (KafkaConsumer<String, String> c = consumer()) {
            c.subscribe(List.of(Topics.HARVEST_PROGRESS));
            HarvestProgress last = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while ((last == null || last.done() < done) && System.nanoTime() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    HarvestProgress p = collection.equals(r.key())
                            ? Json.MAPPER.readValue(r.value(), HarvestProgress.class) : null;
                    if (p != null && harvestId.equals(p.harvestId())) {
                        last = p;
                    }
                }
            }
            assertThat(last).as("a progress snapshot of " + collection).isNotNull();
            return last;
        }
    }

    private static <T> void send(KafkaProducer<String, String> p, String topic, String key, T value)
            throws Exception {
        KafkaClients.send(p, topic, key, value);
    }

    private static List<CollectionEvent> awaitFinalised(KafkaConsumer<String, String> consumer, String collection,
                                                        Duration timeout) throws Exception {
        return KafkaClients.awaitEvent(consumer, collection, CollectionEvent.Type.FINALISED, timeout);
    }

    private KafkaProducer<String, String> producer() {
        return KafkaClients.producer(bootstrap);
    }

    private KafkaConsumer<String, String> consumer() {
        return KafkaClients.consumer(bootstrap);
    }
}
