package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Collections our archiver finalised (events on the real broker) show as pending until the IA search lists them. */
@QuarkusTest
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class CollectionEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeIa
    FakeInternetArchive ia;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void finalisedCollectionsArePendingUntilIaListsThem() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            send(producer, CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", "mapillary-newbie-1024-webp",
                    null, 321, 0, 4_321_000, "output/mapillary-newbie-1024-webp", null));
            send(producer, CollectionEvent.of(CollectionEvent.Type.UPLOADED, "h1", "mapillary-newbie-1024-webp",
                    null, 0, 0, 0, null, null));
            send(producer, CollectionEvent.of(CollectionEvent.Type.FINALISED, "h2", "mapillary-alice-256",
                    null, 12_345, 0, 98_765_432, "output/mapillary-alice-256", null));
            send(producer, CollectionEvent.of(CollectionEvent.Type.DATE_TARRED, "h3", "mapillary-tara-256",
                    "2024-01-01", 5, 0, 50, "staging/x.tar", null));
            send(producer, CollectionEvent.of(CollectionEvent.Type.FINALISED, "h4", "../../etc", null, 1, 0, 1, null,
                    null));
            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, "junk", "{not json")).get();
            send(producer, CollectionEvent.of(CollectionEvent.Type.FINALISED, "h5", "mapillary-late-original",
                    null, 7, 1, 70, "output/mapillary-late-original", null));
        }
        given().when().post("/stats/refresh").then().statusCode(200);

        JsonNode pending = awaitPending(2);
        assertThat(names(pending)).containsExactly("mapillary-newbie-1024-webp", "mapillary-late-original");
        JsonNode newbie = pending.get(0);
        assertThat(newbie.path("status").asText()).isEqualTo("UPLOADED");
        assertThat(newbie.path("images").asLong()).as("kept from FINALISED").isEqualTo(321);
        assertThat(newbie.path("bytes").asLong()).isEqualTo(4_321_000);

        try {
            ia.putItem("mapillary-newbie-1024-webp", Map.of("mapillary_downloader", "0.1.0",
                    "collection", "mapillary-images", "image_count", "321", "item_size", 4_321_000));
            JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                    .asString());
            assertThat(names(stats.path("pending"))).containsExactly("mapillary-late-original");
        } finally {
            ia.reset();
            ia.seedItems(StatsVectors.scrapeItems());
            given().when().post("/stats/refresh").then().statusCode(200);
        }
    }

    private static void send(KafkaProducer<String, String> producer, CollectionEvent e) throws Exception {
        producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, e.collection(),
                Json.MAPPER.writeValueAsString(e))).get(30, TimeUnit.SECONDS);
    }

    private static JsonNode awaitPending(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            JsonNode pending = JSON.readTree(given().when().get("/stats").then().statusCode(200).extract()
                    .asString()).path("pending");
            if (pending.size() >= n || System.nanoTime() > deadline) {
                return pending;
            }
            Thread.sleep(200);
        }
    }

    private static List<String> names(JsonNode pending) {
        List<String> out = new ArrayList<>();
        pending.forEach(p -> out.add(p.path("collection").asText()));
        return out;
    }
}
