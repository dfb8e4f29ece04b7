package mapillary.archive.archiver.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import mapillary.archive.archiver.finalise.TestImages;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * With {@code archiver.upload.incremental=true} (env {@code ARCHIVER_UPLOAD_INCREMENTAL}) and IA keys set, a date's
 * tar is on the (fake) IA item while the collection is still open; the finished item holds everything once.
 */
@QuarkusTest
@TestProfile(ArchiverIncrementalUploadTest.Incremental.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeIaResource.class)
class ArchiverIncrementalUploadTest {

    /** Turns incremental upload on. */
    public static class Incremental implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("archiver.upload.incremental", "true");
        }
    }

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "ia.url")
    String iaUrl;

    @Inject
    DataDirs dirs;

    @Test
    void aCompleteDateIsOnIaBeforeTheCollectionIsFinalised() throws Exception {
        String user = "inc" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "mapillary-" + user + "-256";
        Path staging = dirs.staging(collection);
        for (String[] i : new String[][]{{"1", "2024-03-01"}, {"2", "2024-03-02"}}) {
            Files.createDirectories(staging.resolve(i[1] + "/s"));
            Files.write(staging.resolve(i[1] + "/s/" + i[0] + ".jpg"), TestImages.jpeg(40, 30, Color.PINK));
        }
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"1\", \"captured_at\": 1709290000000}\n"
                + "{\"id\": \"2\", \"captured_at\": 1709380000000}\n");

        try (KafkaConsumer<String, String> events = KafkaClients.consumer(bootstrap);
             KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            events.subscribe(List.of(Topics.COLLECTION_EVENTS));
            KafkaClients.send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("h7", collection, user,
                    Quality.Q256, false, true, 2, Map.of("2024-03-01", 1L, "2024-03-02", 1L)));
            KafkaClients.send(producer, Topics.IMAGE_RESULTS, collection, result(collection, "1", "2024-03-01"));

            List<CollectionEvent> seen = new ArrayList<>(KafkaClients.awaitEvent(events, collection,
                    CollectionEvent.Type.DATE_TARRED, Duration.ofSeconds(90)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!files(collection).contains("2024-03-01.tar")) {
                if (System.nanoTime() > deadline) {
                    fail("2024-03-01.tar never reached the fake IA");
                }
                Thread.sleep(100);
            }
            assertThat(files(collection)).containsExactly("2024-03-01.tar");
            assertThat(staging).isDirectory();
            assertThat(item(collection).path("metadata").path("image_count").isMissingNode()).isTrue();

            KafkaClients.send(producer, Topics.IMAGE_RESULTS, collection, result(collection, "2", "2024-03-02"));
            seen.addAll(KafkaClients.awaitEvent(events, collection, CollectionEvent.Type.UPLOADED,
                    Duration.ofSeconds(90)));
            assertThat(seen).extracting(CollectionEvent::type).containsSubsequence(CollectionEvent.Type.DATE_TARRED,
                    CollectionEvent.Type.FINALISED, CollectionEvent.Type.UPLOADED);
        }

        assertThat(files(collection)).contains("2024-03-01.tar", "2024-03-02.tar", "metadata.jsonl.gz",
                "__ia_thumb__.jpg");
        JsonNode meta = item(collection).path("metadata");
        assertThat(meta.path("image_count").asText()).isEqualTo("2");
        assertThat(meta.path("mapillary_downloader").isMissingNode()).isFalse();
        assertThat(meta.path("coverage").asText()).isEqualTo("2024-03-01 - 2024-03-02");
    }

    private static ImageResult result(String collection, String id, String date) {
        return new ImageResult(1, "h7", collection, id, date, ImageResult.Status.OK, 1, 1,
                date + "/s/" + id + ".jpg", null, 1);
    }

    private JsonNode item(String collection) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(iaUrl + "/metadata/" + collection)).build(), HttpResponse.BodyHandlers.ofString());
        return Json.MAPPER.readTree(r.body());
    }

    private List<String> files(String collection) throws Exception {
        List<String> files = new ArrayList<>();
        item(collection).path("files").forEach(f -> files.add(f.get("name").asText()));
        return files;
    }
}
