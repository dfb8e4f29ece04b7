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
        assertThat(r.skipped()).isEqualTo(3);
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
    void uploaderIsCarriedOverFromThePreviousCache() throws Exception {
        CollectionEntry old = new CollectionEntry(1, "frank@example.org", 1L, "256", "leo", false, List.of());
        ScrapeItemParser.Result r = ScrapeItemParser.parse(
                List.of(JSON.readTree("{\"identifier\":\"mapillary-leo-256\"}")), Map.of("mapillary-leo-256", old));
        assertThat(r.entries().get("mapillary-leo-256").uploader()).isEqualTo("frank@example.org");
        assertThat(r.entries().get("mapillary-leo-256").images()).isNull();
    }
}
