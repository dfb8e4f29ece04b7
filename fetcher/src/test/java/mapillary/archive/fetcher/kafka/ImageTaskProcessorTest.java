package mapillary.archive.fetcher.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.fetcher.support.Listing;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.RequestLog;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The fetcher against a real broker: tasks in, one result per task out, files on disk, poison to the DLQ. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeMapillaryResource.class)
class ImageTaskProcessorTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void everyTaskGetsOneResultAndItsFileAndPoisonGoesToTheDeadLetterTopic() throws Exception {
        String harvest = "h-" + UUID.randomUUID();
        String jpegCollection = "mapillary-" + FakeMapillaryResource.USER + "-256";
        String webpCollection = jpegCollection + "-webp";
        List<ObjectNode> records = Listing.records(FakeMapillaryResource.fake, FakeMapillaryResource.USER,
                Quality.Q256, 12);
        List<ImageTask> tasks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            tasks.add(ImageTask.of(harvest, jpegCollection, Quality.Q256, false, records.get(i)));
        }
        tasks.add(ImageTask.of(harvest, webpCollection, Quality.Q256, true, records.get(10)));
        ObjectNode hostile = records.get(11).deepCopy().put("id", "../../escape");
        tasks.add(ImageTask.of(harvest, jpegCollection, Quality.Q256, false, hostile));
        String poison = "{not json at all " + harvest;
        String expiredId = records.get(3).get("id").asText();
        FakeMapillaryResource.fake.faults().expireAllUrlsNow().failNextCdnRequests(2, 503);

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.IMAGE_TASKS, "poison", poison)).get();
            for (ImageTask t : tasks) {
                producer.send(new ProducerRecord<>(Topics.IMAGE_TASKS, t.imageId(),
                        Json.MAPPER.writeValueAsString(t))).get();
            }
        }

        List<ConsumerRecord<String, String>> results = consume(Topics.IMAGE_RESULTS,
                r -> r.value().contains(harvest), tasks.size(), Duration.ofSeconds(90));
        Map<String, ImageResult> byId = new HashMap<>();
        for (ConsumerRecord<String, String> r : results) {
            ImageResult result = Json.MAPPER.readValue(r.value(), ImageResult.class);
            assertThat(r.key()).isEqualTo(result.collection());
            assertThat(byId.put(result.imageId(), result)).as("one result per task").isNull();
        }
        assertThat(byId).hasSize(tasks.size());

        ImageResult bad = byId.get("../../escape");
        assertThat(bad.status()).isEqualTo(ImageResult.Status.FAILED);
        assertThat(bad.reason()).startsWith("unsafe image id");

        Path staging = FakeMapillaryResource.dataDir.resolve("staging");
        for (ImageTask t : tasks.subList(0, 11)) {
            ImageResult r = byId.get(t.imageId());
            assertThat(r.status()).as(t.imageId() + ": " + r.reason()).isEqualTo(ImageResult.Status.OK);
            assertThat(r.harvestId()).isEqualTo(harvest);
            Path file = staging.resolve(t.collection()).resolve(r.path());
            assertThat(file).isRegularFile().hasFileName(t.imageId() + (t.webp() ? ".webp" : ".jpg"));
            assertThat(Files.size(file)).isEqualTo(r.fileBytes());
        }
        assertThat(byId.get(expiredId).status()).isEqualTo(ImageResult.Status.OK);
        assertThat(FakeMapillaryResource.fake.requests().entries(RequestLog.Endpoint.CDN))
                .noneMatch(RequestLog.Entry::carriedToken);
        assertThat(FakeMapillaryResource.fake.requests().count(RequestLog.Endpoint.ENTITY)).isPositive();
        try (var escaped = Files.walk(FakeMapillaryResource.dataDir)) {
            assertThat(escaped.filter(p -> p.getFileName().toString().contains("escape"))).isEmpty();
        }

        List<ConsumerRecord<String, String>> dead = consume(Topics.IMAGE_TASKS_DLQ,
                r -> poison.equals(r.value()), 1, Duration.ofSeconds(30));
        assertThat(dead).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("poison"));

        assertCommittedUpToTheEnd(Duration.ofSeconds(30));

        given().get("/q/health/ready").then().statusCode(200).body(containsString("cwebp"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("fetcher_images_downloaded_total"))
                .body(containsString("fetcher_images_failed_total{reason=\"invalid\"}"));
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private List<ConsumerRecord<String, String>> consume(String topic, Predicate<ConsumerRecord<String, String>> mine,
                                                         int expected, Duration timeout) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (mine.test(r)) {
                        out.add(r);
                    }
                });
            }
            // a little longer: a duplicate result would show up here
            consumer.poll(Duration.ofSeconds(1)).forEach(r -> {
                if (mine.test(r)) {
                    out.add(r);
                }
            });
        }
        assertThat(out).as("records on " + topic).hasSize(expected);
        return out;
    }

    /** At-least-once: once results are out, the fetcher's committed offsets reach the end of the task topic. */
    private void assertCommittedUpToTheEnd(Duration timeout) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<TopicPartition, Long> lag = Map.of();
            while (System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("fetcher")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < Topics.PARTITIONS.get(Topics.IMAGE_TASKS); p++) {
                    latest.put(new TopicPartition(Topics.IMAGE_TASKS, p), OffsetSpec.latest());
                }
                var ends = admin.listOffsets(latest).all().get();
                lag = ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()
                        - (committed.containsKey(e.getKey()) ? committed.get(e.getKey()).offset() : 0)));
                if (lag.values().stream().allMatch(l -> l == 0)) {
                    return;
                }
                Thread.sleep(500);
            }
            assertThat(lag).as("uncommitted task records").allSatisfy((tp, l) -> assertThat(l).isZero());
        }
    }
}
