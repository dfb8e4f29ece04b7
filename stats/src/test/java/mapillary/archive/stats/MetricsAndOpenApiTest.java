package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus gauges carry the aggregate, OpenAPI describes GET /stats, the Grafana dashboard uses the gauges. */
@QuarkusTest
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class MetricsAndOpenApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void gaugesCarryTheAggregateByQuality() {
        given().when().post("/stats/refresh").then().statusCode(200);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        JsonNode agg = StatsVectors.load().path("contract_aggregate");
        assertThat(gauge(metrics, "mapillary_archive_collections", "all")).isEqualTo(15);
        assertThat(gauge(metrics, "mapillary_archive_images", "all"))
                .isEqualTo(agg.path("total").path("total_images").asDouble());
        assertThat(gauge(metrics, "mapillary_archive_unique_images", "all"))
                .isEqualTo(agg.path("total").path("unique_images").asDouble());
        assertThat(gauge(metrics, "mapillary_archive_bytes", "all"))
                .isEqualTo(agg.path("total").path("bytes").asDouble());
        for (String q : List.of("original", "2048", "1024", "256")) {
            JsonNode t = agg.path("by_quality").path(q);
            assertThat(gauge(metrics, "mapillary_archive_collections", q)).isEqualTo(t.path("collections").asDouble());
            assertThat(gauge(metrics, "mapillary_archive_images", q)).isEqualTo(t.path("images").asDouble());
            assertThat(gauge(metrics, "mapillary_archive_bytes", q)).isEqualTo(t.path("bytes").asDouble());
        }
        // alice has original 14,345 and original-webp is one collection; 256: alice 12,345 + leo 0
        assertThat(gauge(metrics, "mapillary_archive_unique_images", "256")).isEqualTo(12_345);
        assertThat(metrics).contains("mapillary_archive_users ", "mapillary_archive_data_age_seconds ");
    }

    @Test
    void openApiDocumentsTheStatsSchema() throws Exception {
        JsonNode doc = JSON.readTree(given().accept("application/json").when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().asString());
        JsonNode get = doc.path("paths").path("/stats").path("get");
        assertThat(get.path("responses").path("200").path("content").has("application/json")).isTrue();
        assertThat(get.path("responses").path("200").path("content").has("text/plain")).isTrue();
        JsonNode schema = doc.path("components").path("schemas").path("Stats");
        List<String> props = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(props::add);
        assertThat(props).contains("source", "updated_at", "age_seconds", "stale", "total", "by_quality",
                "by_month", "pending", "malformed", "outside_mapillary_images");
        assertThat(doc.path("paths").path("/stats/refresh").has("post")).isTrue();
    }

    @Test
    void grafanaDashboardUsesTheGauges() throws Exception {
        Path file = Path.of("..", "deploy", "grafana", "mapillary-archive.json");
        JsonNode dash = JSON.readTree(file.toFile());
        assertThat(dash.path("title").asText()).isNotBlank();
        String text = Files.readString(file);
        for (String m : List.of("mapillary_archive_collections", "mapillary_archive_images",
                "mapillary_archive_unique_images", "mapillary_archive_bytes")) {
            assertThat(text).contains(m);
        }
        assertThat(dash.path("panels").size()).isGreaterThanOrEqualTo(4);
    }

    private static double gauge(String metrics, String name, String quality) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*quality=\"" + Pattern.quote(quality)
                + "\"[^}]*} (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("%s{quality=%s} in%n%s", name, quality, metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
