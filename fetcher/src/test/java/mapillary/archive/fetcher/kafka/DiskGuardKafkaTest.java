package mapillary.archive.fetcher.kafka;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.fetcher.storage.FreeSpace;
import mapillary.archive.fetcher.support.Listing;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The disk guard against a real broker: with the data dir below {@code fetcher.min-free-bytes} the fetcher is not
 * ready (saying why), takes no task and writes nothing; when space is back it takes them all.
 */
@QuarkusTest
@TestProfile(DiskGuardKafkaTest.QuickChecks.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeMapillaryResource.class)
class DiskGuardKafkaTest {

    private static final long GIB = 1L << 30;

    /** Checks the free space every 200 ms. */
    public static class QuickChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fetcher.disk-check-interval", "200ms");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void belowTheMinimumNothingIsTakenAndEverythingIsOnceSpaceIsBack() throws Exception {
        AtomicLong free = new AtomicLong((long) (0.4 * GIB));
        QuarkusMock.installMockForType((FreeSpace) dir -> free.get(), FreeSpace.class);
        Path dataDir = FakeMapillaryResource.dataDir.toAbsolutePath().normalize();
        awaitReadiness(503, "data dir " + dataDir + ": 0.4 GB free, below the 1 GB minimum");

        String harvest = "h-" + UUID.randomUUID();
        String collection = "mapillary-" + FakeMapillaryResource.USER + "-256";
        List<ObjectNode> records = Listing.records(FakeMapillaryResource.fake, FakeMapillaryResource.USER,
                Quality.Q256, 30).subList(20, 24);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            for (ObjectNode r : records) {
                ImageTask t = ImageTask.of(harvest, collection, Quality.Q256, false, r);
                producer.send(new ProducerRecord<>(Topics.IMAGE_TASKS, t.imageId(),
                        Json.MAPPER.writeValueAsString(t))).get();
            }
        }
        try (KafkaConsumer<String, String> results = consumer()) {
            assertThat(poll(results, harvest, records.size(), Duration.ofSeconds(4)))
                    .as("no task is taken while the disk is low").isEmpty();
            for (ObjectNode r : records) {
                assertThat(filesNamed(r.get("id").asText() + ".jpg")).as("nothing written while low").isEmpty();
            }

            free.set(5 * GIB);
            Map<String, ImageResult> done = poll(results, harvest, records.size(), Duration.ofSeconds(60));
            assertThat(done).hasSize(records.size());
            assertThat(done.values()).allSatisfy(r -> assertThat(r.status()).isEqualTo(ImageResult.Status.OK));
            for (ObjectNode r : records) {
                assertThat(filesNamed(r.get("id").asText() + ".jpg")).hasSize(1);
            }
        }
        awaitReadiness(200, "5 GB free");
    }

    private static void awaitReadiness(int status, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            var r = given().get("/q/health/ready");
            if (r.statusCode() == status && r.body().asString().contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        given().get("/q/health/ready").then().statusCode(status).body(containsString(text));
    }

    private KafkaConsumer<String, String> consumer() {
        KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        c.subscribe(List.of(Topics.IMAGE_RESULTS));
        return c;
    }

    private static Map<String, ImageResult> poll(KafkaConsumer<String, String> c, String harvest, int expected,
                                                 Duration timeout) throws Exception {
        Map<String, ImageResult> out = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            for (var r : c.poll(Duration.ofMillis(300))) {
                if (r.value().contains(harvest)) {
                    ImageResult result = Json.MAPPER.readValue(r.value(), ImageResult.class);
                    out.put(result.imageId(), result);
                }
            }
        }
        return out;
    }

    private static List<Path> filesNamed(String name) throws Exception {
        List<Path> out = new ArrayList<>();
        try (var s = Files.walk(FakeMapillaryResource.dataDir)) {
            s.filter(p -> p.getFileName().toString().equals(name)).forEach(out::add);
        }
        return out;
    }
}
