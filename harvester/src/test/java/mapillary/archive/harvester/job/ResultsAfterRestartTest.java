package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A harvester restarted while FETCHING takes its counts from the harvest's result log (not the older harvest.json),
 * ignores the results Kafka redelivers, and when the archiver says an upload follows goes FINALISED -> UPLOADING ->
 * UPLOADED -> DONE.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(CrashedListingResource.class)
class ResultsAfterRestartTest {

    CrashedListingResource.Scenario scenario;

    private JsonNode get(String id) throws Exception {
        return Json.MAPPER.readTree(given().get("/harvests/" + id).then().statusCode(200).extract().asString());
    }

    private JsonNode await(String id, Predicate<JsonNode> done) throws Exception {
        Instant end = Instant.now().plusSeconds(30);
        JsonNode h = get(id);
        while (!done.test(h) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            h = get(id);
        }
        return h;
    }

    private ImageResult result(String imageId, ImageResult.Status status, long bytes) {
        return new ImageResult(1, scenario.fetchingHarvestId(), scenario.fetchingCollection(), imageId,
                "2024-01-01", status, bytes, bytes, null, status == ImageResult.Status.FAILED ? "HTTP 404" : null, 1);
    }

    @Test
    void countsStayExactAcrossARestartAndUploadEndsTheHarvest() throws Exception {
        String id = scenario.fetchingHarvestId();
        String collection = scenario.fetchingCollection();
        JsonNode h = get(id);
        assertThat(h.get("status").asText()).isEqualTo("FETCHING");
        assertThat(h.at("/counts/fetched").asLong()).as(h.toString()).isEqualTo(2);
        assertThat(h.at("/counts/failed").asLong()).isEqualTo(1);
        assertThat(h.at("/counts/bytes").asLong()).isEqualTo(1500);

        Path log = scenario.dataDir().resolve("staging").resolve(collection).resolve(".harvest-results");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
                new StringSerializer(), new StringSerializer())) {
            // the three results counted before the restart are redelivered (with other sizes: still ignored)
            for (ImageResult r : List.of(result("1", ImageResult.Status.OK, 9), result("2", ImageResult.Status.OK, 9),
                    result("3", ImageResult.Status.OK, 9), result("4", ImageResult.Status.OK, 100),
                    result("5", ImageResult.Status.FAILED, 0))) {
                producer.send(new ProducerRecord<>(Topics.IMAGE_RESULTS, collection,
                        Json.MAPPER.writeValueAsString(r))).get();
            }
            h = await(id, n -> n.get("status").asText().equals("ARCHIVING"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("ARCHIVING");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(3);
            assertThat(h.at("/counts/failed").asLong()).isEqualTo(2);
            assertThat(h.at("/counts/bytes").asLong()).isEqualTo(1600);
            // the torn line was cut and the new results appended after the old ones
            assertThat(Files.readAllLines(log)).containsExactly("harvest " + id, "O 1000 1", "F 0 2", "O 500 3",
                    "O 100 4", "F 0 5");

            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, collection, Json.MAPPER.writeValueAsString(
                    CollectionEvent.of(CollectionEvent.Type.FINALISED, id, collection, null, 3, 2, 4321,
                            "output/" + collection, null).continuing()))).get();
            h = await(id, n -> n.get("status").asText().equals("UPLOADING"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("UPLOADING");
            assertThat(h.get("reason").asText()).contains("2 images failed");
            Instant end = Instant.now().plusSeconds(10);
            while (Files.exists(log) && Instant.now().isBefore(end)) {
                Thread.sleep(100);
            }
            assertThat(log).as("the result log is dropped once the archiver finalised").doesNotExist();

            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, collection, Json.MAPPER.writeValueAsString(
                    CollectionEvent.of(CollectionEvent.Type.UPLOADED, id, collection, null, 3, 2, 4321,
                            "output/" + collection, null)))).get();
            h = await(id, n -> n.get("status").asText().equals("DONE"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("DONE");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(3);
        }
    }
}
