package mapillary.archive.archiver.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
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

/** With IA keys set, a finalised collection is uploaded to the (fake) IA as one item and UPLOADED is published. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeIaResource.class)
class ArchiverUploadTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "ia.url")
    String iaUrl;

    @Inject
    DataDirs dirs;

    @Test
    void aFinalisedCollectionEndsAsAnIaItem() throws Exception {
        String user = "up" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "mapillary-" + user + "-256-webp";
        Path staging = dirs.staging(collection);
        Files.createDirectories(staging.resolve("2024-03-01/s1"));
        Files.write(staging.resolve("2024-03-01/s1/7.webp"), TestImages.jpeg(40, 30, Color.CYAN));
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"7\", \"captured_at\": 1709290000000}\n");

        try (KafkaConsumer<String, String> events = KafkaClients.consumer(bootstrap);
             KafkaProducer<String, String> producer = KafkaClients.producer(bootstrap)) {
            events.subscribe(List.of(Topics.COLLECTION_EVENTS));
            KafkaClients.send(producer, Topics.HARVEST_EVENTS, collection, HarvestEvent.listed("h9", collection, user,
                    Quality.Q256, true, true, 1, Map.of("2024-03-01", 1L)));
            KafkaClients.send(producer, Topics.IMAGE_RESULTS, collection, new ImageResult(1, "h9", collection, "7",
                    "2024-03-01", ImageResult.Status.OK, 1, 1, "2024-03-01/s1/7.webp", null, 1));

            List<CollectionEvent> seen = new ArrayList<>(KafkaClients.awaitEvent(events, collection,
                    CollectionEvent.Type.UPLOADED, Duration.ofSeconds(90)));
            assertThat(seen).extracting(CollectionEvent::type).containsSubsequence(CollectionEvent.Type.DATE_TARRED,
                    CollectionEvent.Type.FINALISED, CollectionEvent.Type.UPLOADED);
            assertThat(seen.get(seen.size() - 1).images()).isEqualTo(1);
            assertThat(seen).filteredOn(e -> e.type() == CollectionEvent.Type.FINALISED).singleElement()
                    .satisfies(e -> assertThat(e.continues()).as("FINALISED says an upload follows").isTrue());
        }

        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(iaUrl + "/metadata/" + collection)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode item = Json.MAPPER.readTree(r.body());
        List<String> files = new ArrayList<>();
        item.path("files").forEach(f -> files.add(f.get("name").asText()));
        assertThat(files).contains("2024-03-01.tar", "metadata.jsonl.gz").anyMatch(f -> f.startsWith("download.log."))
                .doesNotContain("harvest.json").noneMatch(f -> f.startsWith(".meta"));
        assertThat(item.path("metadata").path("image_count").asText()).isEqualTo("1");
        assertThat(item.path("metadata").path("mapillary_user").asText()).isEqualTo(user);
        assertThat(dirs.root().resolve("archiver/uploads/" + collection + ".json")).doesNotExist();
    }
}
