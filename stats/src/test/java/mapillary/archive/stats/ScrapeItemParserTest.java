package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mapillary.archive.stats.aggregate.Aggregator;
import mapillary.archive.stats.aggregate.ScrapeItemParser;
import mapillary.archive.stats.model.CollectionEntry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ScrapeItemParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void vectorItemsGiveTheContractCacheAndAggregate() {
        ScrapeItemParser.Result r = ScrapeItemParser.parse(StatsVectors.scrapeItemNodes(), Map.of());
        JsonNode contract = StatsVectors.load().path("contract_cache");
        assertThat(r.entries()).hasSize(contract.size());
        contract.fields().forEachRemaining(e -> {
            CollectionEntry got = r.entries().get(e.getKey());
            assertThat(got).as(e.getKey()).isNotNull();
            JsonNode exp = e.getValue();
            assertThat(got.size()).as(e.getKey()).isEqualTo(exp.path("size").asLong());
            assertThat(got.images()).as(e.getKey()).isEqualTo(exp.path("images").isNull() ? null
                    : exp.path("images").asLong());
            assertThat(got.quality()).isEqualTo(exp.path("quality").asText());
            assertThat(got.username()).isEqualTo(exp.path("username").asText());
            assertThat(got.webp()).as(e.getKey()).isEqualTo(exp.path("is_webp").asBoolean());
            assertThat(got.iaCollection()).hasSize(exp.path("ia_collection").size());
        });
        assertThat(r.skipped()).as("mapillary-zoe-4096, some-other-item").isEqualTo(2);
        assertThat(r.malformed()).as("the item without identifier").isEqualTo(1);
        StatsVectors.assertContractAggregate(JSON.valueToTree(Aggregator.aggregate(r.entries().values())));
    }

    @Test
    void descriptionAsListAndStructuredCountsAreHandled() throws Exception {
        List<JsonNode> items = List.of(
                JSON.readTree("{\"identifier\":\"mapillary-x-256\",\"description\":[\"Intro.\","
                        + "\"Contains 1,234 images in 256px resolution.\"],\"item_size\":\"10\"}"),
                JSON.readTree("{\"identifier\":\"mapillary-y-256\",\"description\":\"Contains 5 images\","
                        + "\"image_count\":\"not a number\"}"),
                JSON.readTree("{\"identifier\":\"mapillary-z-256\",\"image_count\":7,\"item_size\":\"x\"}"),
                JSON.readTree("{\"identifier\":\"mapillary-z-256-3\",\"image_count\":[\"3\"],\"item_size\":5}"));
        ScrapeItemParser.Result r = ScrapeItemParser.parse(items, Map.of());
        assertThat(r.entries().get("mapillary-x-256").images()).isEqualTo(1234L);
        assertThat(r.entries().get("mapillary-x-256").size()).isEqualTo(10L);
        assertThat(r.entries().get("mapillary-y-256").images()).isEqualTo(5L);
        assertThat(r.entries().get("mapillary-z-256").images()).isEqualTo(10L);
        assertThat(r.entries().get("mapillary-z-256").size()).isEqualTo(5L);
        assertThat(r.skipped()).isZero();
    }

    @Test
    void malformedItemsAreSkippedAndCounted() throws Exception {
        List<JsonNode> items = List.of(
                JSON.readTree("42"),
                JSON.readTree("[\"mapillary-a-256\"]"),
                JSON.readTree("{\"identifier\":17,\"item_size\":3}"),
                JSON.readTree("{\"identifier\":[\"mapillary-b-256\"]}"),
                JSON.readTree("{\"identifier\":\"mapillary-c-256\",\"image_count\":\"4\",\"item_size\":7}"));
        ScrapeItemParser.Result r = ScrapeItemParser.parse(items, Map.of());
        assertThat(r.malformed()).isEqualTo(4);
        assertThat(r.skipped()).isZero();
        assertThat(r.entries()).containsOnlyKeys("mapillary-c-256");
    }

    @Test
    void captureRangeFromStructuredTagsElseDescriptionAndMonthsAddUp() throws Exception {
        List<JsonNode> items = List.of(
                JSON.readTree("{\"identifier\":\"mapillary-a-256\",\"image_count\":\"310\",\"item_size\":3100,"
                        + "\"first_capture\":[\"2024-01-30\"],\"last_capture\":\"2024-02-27\","
                        + "\"description\":\"Contains 1 images captured between 2020-01-01 and 2020-01-02.\"}"),
                JSON.readTree("{\"identifier\":\"mapillary-b-256\",\"item_size\":10,"
                        + "\"description\":\"Contains 10 images captured between 2024-02-01 and 2024-02-29.\"}"),
                JSON.readTree("{\"identifier\":\"mapillary-c-256\",\"image_count\":5,\"item_size\":50,"
                        + "\"first_capture\":\"unknown\",\"last_capture\":\"unknown\"}"));
        ScrapeItemParser.Result r = ScrapeItemParser.parse(items, Map.of());
        assertThat(r.entries().get("mapillary-a-256").firstCapture()).isEqualTo("2024-01-30");
        assertThat(r.entries().get("mapillary-a-256").lastCapture()).isEqualTo("2024-02-27");
        assertThat(r.entries().get("mapillary-b-256").firstCapture()).isEqualTo("2024-02-01");
        assertThat(r.entries().get("mapillary-c-256").firstCapture()).isNull();
        var months = Aggregator.aggregate(r.entries().values()).byMonth();
        assertThat(months).containsOnlyKeys("2024-01", "2024-02", "unknown");
        // a: 2 of 29 days in January -> 310 * 2 / 29 = 21.4 -> 21, February gets the other 289
        assertThat(months.get("2024-01").images()).isEqualTo(21);
        assertThat(months.get("2024-02").images()).isEqualTo(289 + 10);
        assertThat(months.get("2024-01").bytes() + months.get("2024-02").bytes()).isEqualTo(3110);
        assertThat(months.get("2024-02").collections()).isEqualTo(2);
        assertThat(months.get("unknown").images()).isEqualTo(5);
        assertThat(List.copyOf(months.keySet())).containsExactly("2024-01", "2024-02", "unknown");
    }

    @Test
    void uploaderIsCarriedOverFromThePreviousCache() throws Exception {
        CollectionEntry old = new CollectionEntry(1, "frank@example.org", 1L, "256", "leo", false, List.of());
        ScrapeItemParser.Result r = ScrapeItemParser.parse(
                List.of(JSON.readTree("{\"identifier\":\"mapillary-leo-256\"}")), Map.of("mapillary-leo-256", old));
        assertThat(r.entries().get("mapillary-leo-256").uploader()).isEqualTo("frank@example.org");
        assertThat(r.entries().get("mapillary-leo-256").images()).isNull();
    }
}
