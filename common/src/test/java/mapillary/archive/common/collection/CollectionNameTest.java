package mapillary.archive.common.collection;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.Vectors;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

class CollectionNameTest {

    @Test
    void parsesEveryVectorAsExpected() {
        JsonNode cases = Vectors.load("collection_names.json").get("cases");
        assertThat(cases).hasSizeGreaterThan(30);
        assertSoftly(s -> cases.forEach(c -> {
            String id = c.get("identifier").asText();
            JsonNode exp = c.get("expected");
            Optional<CollectionName> parsed = CollectionName.parse(id);
            if (exp.isNull()) {
                s.assertThat(parsed).as(id).isEmpty();
            } else {
                s.assertThat(parsed).as(id).isPresent();
                parsed.ifPresent(n -> {
                    s.assertThat(n.username()).as(id).isEqualTo(exp.get("username").asText());
                    s.assertThat(n.quality().label()).as(id).isEqualTo(exp.get("quality").asText());
                    s.assertThat(n.webp()).as(id).isEqualTo(exp.get("is_webp").asBoolean());
                    s.assertThat(n.bbox()).as(id).isEqualTo(exp.get("bbox").isNull() ? null : exp.get("bbox").asText());
                    s.assertThat(n.part()).as(id).isEqualTo(exp.get("part").asInt());
                    s.assertThat(n.id()).as("round trip").isEqualTo(id);
                });
            }
        }));
    }

    @Test
    void namesAFullAndABboxHarvestDifferently() {
        Bbox bbox = Bbox.parse("2.3,48.8,2.4,48.9");
        CollectionName full = CollectionName.of("alice", Quality.Q1024, true);
        CollectionName limited = CollectionName.of("alice", Quality.Q1024, true, bbox);
        assertThat(full.id()).isEqualTo("mapillary-alice-1024-webp");
        assertThat(limited.id()).matches("mapillary-alice-1024-webp-bbox-[0-9a-f]{8}");
        assertThat(Bbox.parse("2.30,48.80,2.400,48.9").id()).as("normalised").isEqualTo(bbox.id());
    }

    @Test
    void rejectsHostileUsernamesAndBadBoxes() {
        assertThatThrownBy(() -> CollectionName.of("../etc", Quality.ORIGINAL, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CollectionName.of(".hidden", Quality.ORIGINAL, false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bbox.parse("1,2,3")).hasMessageContaining("four");
        assertThatThrownBy(() -> Bbox.parse("3,2,1,4")).hasMessageContaining("west");
        assertThatThrownBy(() -> Bbox.parse("1,2,3,NaN")).hasMessageContaining("finite");
        assertThatThrownBy(() -> Bbox.parse("1,-95,3,4")).hasMessageContaining("within");
    }
}
