package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import mapillary.archive.stats.config.ArchiveConfig;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeIaResource.class)
class StatsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeIa
    FakeInternetArchive ia;

    @Inject
    ArchiveConfig archive;

    @AfterEach
    void clearFaults() {
        ia.faults().clear();
    }

    @Test
    void getStatsSearchesIaAndMatchesTheContractAggregate() throws Exception {
        JsonNode stats = JSON.readTree(given().when().get("/stats").then().statusCode(200).extract().asString());
        StatsVectors.assertContractAggregate(stats);
        assertThat(stats.path("skipped").asInt()).as("zoe-4096, some-other-item, no identifier").isEqualTo(3);
        assertThat(stats.path("user_count").asInt()).isEqualTo(12);
        assertThat(ia.requests()).anyMatch(r -> r.contains("/services/search/v1/scrape")
                && r.contains("mapillary_downloader") && r.contains("image_count"));
    }

    @Test
    void refreshPersistsTheCacheAtomically() throws Exception {
        JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                .asString());
        assertThat(stats.path("source").asText()).isEqualTo("ia");
        Path cache = archive.dataDir().resolve("stats").resolve("cache.json");
        JsonNode saved = JSON.readTree(cache.toFile());
        List<String> ids = new ArrayList<>();
        saved.path("collections").fieldNames().forEachRemaining(ids::add);
        assertThat(ids).hasSize(15).contains("mapillary-judy-original-webp-bbox-1a2b3c4d")
                .doesNotContain("mapillary-alice-original-webp-2", "mapillary-zoe-4096");
        JsonNode alice = saved.path("collections").path("mapillary-alice-original-webp");
        JsonNode contract = StatsVectors.load().path("contract_cache").path("mapillary-alice-original-webp");
        assertThat(alice.path("images").asLong()).isEqualTo(contract.path("images").asLong());
        assertThat(alice.path("size").asLong()).isEqualTo(contract.path("size").asLong());
        try (var files = Files.list(cache.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("cache.json");
        }
    }

    @Test
    void failedRefreshKeepsServingTheLastGoodData() throws Exception {
        given().when().post("/stats/refresh").then().statusCode(200);
        ia.faults().scrapeErrorsNext(1000);

        JsonNode failed = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(502).extract()
                .asString());
        assertThat(failed.path("error").asText()).startsWith("Failed to fetch IA data");
        StatsVectors.assertContractAggregate(failed.path("stats"));

        JsonNode served = JSON.readTree(given().when().get("/stats").then().statusCode(200).extract().asString());
        StatsVectors.assertContractAggregate(served);
        assertThat(served.path("last_error").asText()).contains("503");

        ia.faults().clear();
        JsonNode recovered = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                .asString());
        assertThat(recovered.has("last_error")).isFalse();
    }

    @Test
    void retriesATransientScrapeError() throws Exception {
        ia.faults().scrapeErrorsNext(2);
        JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                .asString());
        StatsVectors.assertContractAggregate(stats);
    }

    @Test
    void followsTheCursorOverMoreThanOnePage() throws Exception {
        try {
            ia.seedItems(10_500);
            int before = (int) ia.requests().stream().filter(r -> r.contains("/scrape")).count();
            JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                    .asString());
            assertThat(stats.path("total").path("collections").asInt()).isEqualTo(15 + 10_500);
            assertThat(stats.path("user_count").asInt()).isEqualTo(12 + 10_500);
            List<String> scrapes = ia.requests().stream().filter(r -> r.contains("/scrape")).skip(before).toList();
            assertThat(scrapes).hasSize(2);
            assertThat(scrapes.get(0)).contains("count=10000").doesNotContain("cursor=");
            assertThat(scrapes.get(1)).contains("cursor=");
        } finally {
            ia.reset();
            ia.seedItems(StatsVectors.scrapeItems());
        }
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200);
    }
}
