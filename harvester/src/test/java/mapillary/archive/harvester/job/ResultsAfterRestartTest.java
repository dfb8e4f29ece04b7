package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A harvester restarted while FETCHING (an older harvest.json) takes its counts from the archiver's progress
 * snapshots: absolute, so a replayed one changes nothing and another harvest's is ignored; when the archiver says an
 * upload follows it goes FINALISED -> UPLOADING -> UPLOADED -> DONE.
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

    private HarvestProgress snapshot(String harvestId, long fetched, long failed, long bytes) {
        return new HarvestProgress(1, harvestId, scenario.fetchingCollection(), 5, fetched, failed, 0, bytes,
                Instant.now());
    }

    @Test
    void countsStayExactAcrossARestartAndUploadEndsTheHarvest() throws Exception {
        String id = scenario.fetchingHarvestId();
        String collection = scenario.fetchingCollection();
        JsonNode h = get(id);
        assertThat(h.get("status").asText()).isEqualTo("FETCHING");
        assertThat(h.at("/counts/fetched").asLong()).as("harvest.json as saved before the restart").isEqualTo(1);

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
                new StringSerializer(), new StringSerializer())) {
            for (HarvestProgress p : List.of(snapshot("an-earlier-harvest", 5, 0, 99), snapshot(id, 2, 1, 1500),
                    snapshot(id, 2, 1, 1500))) {
                producer.send(new ProducerRecord<>(Topics.HARVEST_PROGRESS, collection,
                        Json.MAPPER.writeValueAsString(p))).get();
            }
            h = await(id, n -> n.at("/counts/failed").asLong() == 1);
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("FETCHING");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(2);
            assertThat(h.at("/counts/bytes").asLong()).isEqualTo(1500);

            producer.send(new ProducerRecord<>(Topics.HARVEST_PROGRESS, collection,
                    Json.MAPPER.writeValueAsString(snapshot(id, 3, 2, 1600)))).get();
            h = await(id, n -> n.get("status").asText().equals("ARCHIVING"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("ARCHIVING");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(3);
            assertThat(h.at("/counts/failed").asLong()).isEqualTo(2);
            assertThat(h.at("/counts/bytes").asLong()).isEqualTo(1600);

            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, collection, Json.MAPPER.writeValueAsString(
                    CollectionEvent.of(CollectionEvent.Type.FINALISED, id, collection, null, 3, 2, 4321,
                            "output/" + collection, null).continuing()))).get();
            h = await(id, n -> n.get("status").asText().equals("UPLOADING"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("UPLOADING");
            assertThat(h.get("reason").asText()).contains("2 images failed");
            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, collection, Json.MAPPER.writeValueAsString(
                    CollectionEvent.of(CollectionEvent.Type.UPLOADED, id, collection, null, 3, 2, 4321,
                            "output/" + collection, null)))).get();
            h = await(id, n -> n.get("status").asText().equals("DONE"));
            assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("DONE");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(3);
        }
    }
}
