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
        StatsVectors.assertContractAggregate(stats);
        assertThat(ia.requests()).filteredOn(r -> r.contains("/scrape")).hasSize(3);
    }
}
