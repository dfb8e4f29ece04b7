package mapillary.archive.harvester.mapillary;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One image record of a listing page: its bytes exactly as the API sent them (for {@code metadata.jsonl}) and
 * the parsed object (for the image task). {@code rewritten}: the bytes are not the API's because its JSON was
 * not standard (a bare {@code NaN} or {@code Infinity}), so the record was written anew as standard JSON.
 */
public record RawRecord(byte[] json, ObjectNode node, boolean rewritten) {

    public RawRecord(byte[] json, ObjectNode node) {
        this(json, node, false);
    }

    /** The id as text, or null when missing or not a string/number. */
    public String id() {
        var id = node.get("id");
        return id == null || !(id.isTextual() || id.isIntegralNumber()) ? null : id.asText();
    }

    /** The {@code sequence} as text, or null when missing. */
    public String sequence() {
        var s = node.get("sequence");
        return s == null || s.isNull() ? null : s.asText();
    }
}
