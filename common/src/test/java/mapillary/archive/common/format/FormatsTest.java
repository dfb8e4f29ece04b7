package mapillary.archive.common.format;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.Vectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

class FormatsTest {

    private final JsonNode vectors = Vectors.load("format.json");

    @Test
    void sizeMatchesTheOriginalForEveryVector() {
        assertThat(vectors.get("format_size")).hasSizeGreaterThan(20);
        assertSoftly(s -> vectors.get("format_size").forEach(c ->
                s.assertThat(Formats.size(c.get("input").asLong())).as("size(%s)", c.get("input"))
                        .isEqualTo(c.get("output").asText())));
    }

    @Test
    void timeMatchesTheOriginalForEveryVector() {
        assertSoftly(s -> vectors.get("format_time").forEach(c ->
                s.assertThat(Formats.time(c.get("input").asDouble())).as("time(%s)", c.get("input"))
                        .isEqualTo(c.get("output").asText())));
    }

    @Test
    void thousandsUsesCommas() {
        assertSoftly(s -> vectors.get("thousands").get("cases").forEach(c ->
                s.assertThat(Formats.thousands(c.get("input").asLong())).isEqualTo(c.get("output").asText())));
    }
}
