package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mapillary.archive.common.collection.Quality;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ListingTallyTest {

    private static final ObjectMapper M = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s);
    }

    @Test
    void classifiesAndCountsPerUtcDate() throws Exception {
        ListingTally t = new ListingTally(Quality.Q1024);
        // 2024-01-15T23:30:00Z: a Berlin clock would say the 16th
        assertThat(t.count(json("{\"id\":\"1\",\"captured_at\":1705361400000,\"sequence\":\"s1\","
                + "\"thumb_1024_url\":\"http://cdn/1\"}"))).isEqualTo(ListingTally.Verdict.PUBLISH);
        assertThat(t.count(json("{\"id\":2,\"captured_at\":null,\"thumb_1024_url\":\"http://cdn/2\"}")))
                .isEqualTo(ListingTally.Verdict.PUBLISH);
        assertThat(t.count(json("{\"id\":\"3\",\"thumb_2048_url\":\"http://cdn/3\"}")))
                .isEqualTo(ListingTally.Verdict.NO_URL);
        assertThat(t.count(json("{\"id\":\"4\",\"thumb_1024_url\":\"\"}"))).isEqualTo(ListingTally.Verdict.NO_URL);
        assertThat(t.count(json("{\"id\":\"../etc\",\"thumb_1024_url\":\"http://cdn/x\"}")))
                .isEqualTo(ListingTally.Verdict.UNSAFE);
        assertThat(t.count(json("{\"id\":\"5\",\"sequence\":\"a/b\",\"thumb_1024_url\":\"http://cdn/x\"}")))
                .isEqualTo(ListingTally.Verdict.UNSAFE);
        assertThat(t.count(json("{\"captured_at\":1,\"thumb_1024_url\":\"http://cdn/x\"}")))
                .isEqualTo(ListingTally.Verdict.UNSAFE);
        assertThat(t.published()).isEqualTo(2);
        assertThat(t.noUrl()).isEqualTo(2);
        assertThat(t.unsafe()).isEqualTo(3);
        assertThat(t.perDate()).containsEntry("2024-01-15", 1L).containsEntry("unknown-date", 1L).hasSize(2);
    }

    @Test
    void anUnusableCaptureTimeIsRepairedToUnknownDate() throws Exception {
        ListingTally t = new ListingTally(Quality.Q1024);
        for (String c : List.of("9000000000000000000", "1e300", "-9223372036854775808", "253402300800000",
                "\"2024-01-01\"", "true", "{}")) {
            JsonNode n = json("{\"id\":\"1\",\"captured_at\":" + c + ",\"thumb_1024_url\":\"http://cdn/1\"}");
            assertThat(t.count(n)).as(c).isEqualTo(ListingTally.Verdict.PUBLISH);
            assertThat(n.get("captured_at").isNull()).as(c).isTrue();
        }
        for (String c : List.of("null", "-31536000000", "1705361400000", "1.7053614E12")) {
            JsonNode n = json("{\"id\":\"1\",\"captured_at\":" + c + ",\"thumb_1024_url\":\"http://cdn/1\"}");
            assertThat(ListingTally.repair(n)).as(c).isFalse();
        }
        assertThat(t.repaired()).isEqualTo(7);
        assertThat(t.bad()).isEqualTo(7);
        assertThat(t.perDate()).containsOnlyKeys("unknown-date");
    }
}
