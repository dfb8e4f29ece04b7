package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import mapillary.archive.stats.config.ArchiveConfig;
import mapillary.archive.stats.service.StatsService;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class StatsResourceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeIa
    FakeInternetArchive ia;

    @Inject
    ArchiveConfig archive;

    @Inject
    StatsService service;

    @AfterEach
    void clearFaults() {
        ia.faults().clear();
    }

    @Test
    void getStatsSearchesIaAndMatchesTheContractAggregate() throws Exception {
        JsonNode stats = JSON.readTree(given().when().get("/stats").then().statusCode(200).extract().asString());
        StatsVectors.assertContractAggregate(stats);
        assertThat(stats.path("skipped").asInt()).as("zoe-4096, some-other-item").isEqualTo(2);
        assertThat(stats.path("malformed").asInt()).as("the item without identifier").isEqualTo(1);
        assertThat(stats.path("stale").asBoolean()).isFalse();
        assertThat(stats.path("age_seconds").asLong()).isGreaterThanOrEqualTo(0);
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
            assertThat(files.map(p -> p.getFileName().toString())).contains("cache.json")
                    .noneMatch(n -> n.endsWith(".tmp"));
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
            given().when().post("/stats/refresh").then().statusCode(200);
        }
    }

    @Test
    void textReportMatchesTheContractLineByLine() {
        given().when().post("/stats/refresh").then().statusCode(200);
        String text = given().accept("text/plain").when().get("/stats").then().statusCode(200)
                .contentType(containsString("text/plain")).extract().asString();
        Path cache = archive.dataDir().resolve("stats").resolve("cache.json");
        assertThat(text).endsWith("\n");
        assertThat(text.substring(0, text.length() - 1).split("\n", -1))
                .containsExactlyElementsOf(StatsVectors.contractReport(cache));
    }

    @Test
    void jsonIsTheDefaultAndListsItemsOutsideMapillaryImagesByUploader() throws Exception {
        given().when().post("/stats/refresh").then().statusCode(200);
        JsonNode stats = JSON.readTree(given().accept("*/*").when().get("/stats").then().statusCode(200)
                .contentType(containsString("application/json")).extract().asString());
        JsonNode outside = stats.path("outside_mapillary_images");
        assertThat(outside.path("frank@example.org")).extracting(JsonNode::asText)
                .containsExactly("mapillary-frank_-2048", "mapillary-leo-256");
        assertThat(outside.path("unknown")).extracting(JsonNode::asText)
                .containsExactly("mapillary-grace-original-webp");
        assertThat(outside.path("Zed@example.org")).extracting(JsonNode::asText)
                .containsExactly("mapillary-heidi-1024");
        assertThat(stats.path("by_month").path("2024-01").path("images").asLong()).isPositive();
    }

    @Test
    void uploadersAreLookedUpOnlyOutsideMapillaryImagesAndCachedAcrossRefreshes() {
        given().when().post("/stats/refresh").then().statusCode(200);
        int before = ia.requests().size();
        given().when().post("/stats/refresh").then().statusCode(200);
        List<String> lookups = ia.requests().stream().skip(before).filter(r -> r.contains("/metadata/")).toList();
        assertThat(lookups).as("only the item whose uploader IA does not know is asked again")
                .containsExactly("ia GET /metadata/mapillary-grace-original-webp/metadata/uploader");
    }

    @Test
    void uploaderLookupIsRetriedOnceThenCountsAsUnknown() throws Exception {
        try {
            ia.putItem("mapillary-olga-256", Map.of("mapillary_downloader", "0.1.0", "collection", "opensource_media",
                    "uploader", "olga@example.org", "image_count", "3", "item_size", 30));
            ia.putItem("mapillary-pete-256", Map.of("mapillary_downloader", "0.1.0", "collection", "opensource_media",
                    "uploader", "pete@example.org", "image_count", "4", "item_size", 40));
            ia.faults().metadataErrorsNext(1);
            JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                    .asString());
            JsonNode outside = stats.path("outside_mapillary_images");
            assertThat(outside.path("olga@example.org")).extracting(JsonNode::asText)
                    .containsExactly("mapillary-olga-256");
            assertThat(outside.path("pete@example.org")).extracting(JsonNode::asText)
                    .containsExactly("mapillary-pete-256");

            ia.putItem("mapillary-quinn-256", Map.of("mapillary_downloader", "0.1.0", "collection", "x",
                    "uploader", "quinn@example.org"));
            ia.faults().metadataErrorsNext(100);
            stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract().asString());
            assertThat(stats.path("outside_mapillary_images").path("unknown")).extracting(JsonNode::asText)
                    .contains("mapillary-quinn-256");
            assertThat(stats.path("outside_mapillary_images").path("olga@example.org")).extracting(JsonNode::asText)
                    .as("cached from the previous refresh").containsExactly("mapillary-olga-256");
        } finally {
            ia.reset();
            ia.seedItems(StatsVectors.scrapeItems());
            given().when().post("/stats/refresh").then().statusCode(200);
        }
    }

    @Test
    void aRefreshRequestedWhileOneRunsJoinsItInsteadOfStartingAnother() throws Exception {
        given().when().post("/stats/refresh").then().statusCode(200);
        long started = service.refreshesStarted();
        long joined = service.refreshesJoined();
        int before = ia.requests().size();
        ia.faults().latency(java.time.Duration.ofSeconds(2));
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                given().when().post("/stats/refresh").then().statusCode(200).extract().asString());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (ia.requests().stream().skip(before).noneMatch(r -> r.contains("/scrape"))) {
            assertThat(System.nanoTime()).as("first refresh reached IA").isLessThan(deadline);
            Thread.sleep(10);
        }
        JsonNode running = JSON.readTree(given().when().get("/stats").then().statusCode(200).extract().asString());
        assertThat(running.path("refreshing").asBoolean()).isTrue();
        String second = given().when().post("/stats/refresh").then().statusCode(200).extract().asString();
        String firstBody = first.get(60, java.util.concurrent.TimeUnit.SECONDS);
        ia.faults().clear();

        assertThat(service.refreshesStarted()).isEqualTo(started + 1);
        assertThat(service.refreshesJoined()).isEqualTo(joined + 1);
        assertThat(ia.requests().stream().skip(before).filter(r -> r.contains("/scrape"))).hasSize(1);
        assertThat(JSON.readTree(second).path("updated_at")).isEqualTo(JSON.readTree(firstBody).path("updated_at"));
    }

    @Test
    void healthIsUp() {
        given().when().get("/q/health").then().statusCode(200);
    }
}
