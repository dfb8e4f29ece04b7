package mapillary.archive.common.collection;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The thumbnail sizes Mapillary offers; each names the API field {@code thumb_<label>_url}. */
public enum Quality {
    ORIGINAL("original"),
    Q2048("2048"),
    Q1024("1024"),
    Q256("256");

    private final String label;

    Quality(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The API field holding this quality's signed CDN URL. */
    public String urlField() {
        return "thumb_" + label + "_url";
    }

    /** Width in pixels of this thumbnail, or 0 for the original. */
    public int pixels() {
        return this == ORIGINAL ? 0 : Integer.parseInt(label);
    }

    public static Optional<Quality> parse(String label) {
        return Arrays.stream(values()).filter(q -> q.label.equals(label)).findFirst();
    }

    @JsonCreator
    public static Quality fromLabel(String label) {
        return parse(label).orElseThrow(() -> new IllegalArgumentException(
                "quality must be one of original, 2048, 1024, 256; got '" + label + "'"));
    }

    @Override
    public String toString() {
        return label;
    }
}
