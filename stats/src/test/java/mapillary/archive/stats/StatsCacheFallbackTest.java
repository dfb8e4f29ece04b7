package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A fresh stats service whose IA search fails serves the cache a previous run left on disk. */
@QuarkusTest
@WithTestResource(FailingIaWithCacheResource.class)
@WithTestResource(mapillary.archive.testkit.kafka.KafkaBrokerResource.class)
class StatsCacheFallbackTest {

    @InjectFakeIa
    FakeInternetArchive ia;

    @Test
    void servesTheDiskCacheWhenIaFails() throws Exception {
        JsonNode stats = new ObjectMapper().readTree(given().when().get("/stats").then().statusCode(200).extract()
                .asString());
        assertThat(stats.path("source").asText()).isEqualTo("cache");
        assertThat(stats.path("updated_at").asText()).isEqualTo("2026-01-02T03:04:05Z");
        assertThat(stats.path("last_error").asText()).startsWith("Failed to fetch IA data");
        assertThat(stats.path("stale").asBoolean()).isTrue();
        assertThat(stats.path("age_seconds").asLong()).as("cached on 2026-01-02").isGreaterThan(3600);
        StatsVectors.assertContractAggregate(stats);
        assertThat(ia.requests()).filteredOn(r -> r.contains("/scrape")).hasSize(3);

        String text = given().accept("text/plain").when().get("/stats").then().statusCode(200).extract().asString();
        String[] lines = text.split("\n");
        assertThat(lines[lines.length - 2]).startsWith("Cache: ").endsWith("cache.json");
        assertThat(lines[lines.length - 1]).startsWith("Data from 2026-01-02T03:04:05Z (")
                .contains(" old); Failed to fetch IA data: HTTP 503");
        assertThat(lines).contains("Total Collections: 15", "Total Images:      1,300,684");
    }
}
