package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Reads API record fields with the original's Python truthiness (0, "", null, {} and [] count as missing) and
 * its computed-versus-raw preferences (spec §7).
 */
public final class RecordValues {

    private RecordValues() {
    }

    /** A field's value when present and truthy. */
    public static Optional<JsonNode> truthy(JsonNode record, String field) {
        JsonNode n = record == null ? null : record.get(field);
        if (n == null || n.isNull() || n.isMissingNode()) {
            return Optional.empty();
        }
        if (n.isNumber() && n.asDouble() == 0) {
            return Optional.empty();
        }
        if (n.isTextual() && n.asText().isEmpty()) {
            return Optional.empty();
        }
        if (n.isBoolean() && !n.asBoolean()) {
            return Optional.empty();
        }
        if ((n.isObject() || n.isArray()) && n.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(n);
    }

    public static Optional<String> text(JsonNode record, String field) {
        return truthy(record, field).filter(JsonNode::isTextual).map(JsonNode::asText);
    }

    public static OptionalDouble number(JsonNode record, String field) {
        return truthy(record, field).filter(JsonNode::isNumber).map(n -> OptionalDouble.of(n.asDouble()))
                .orElse(OptionalDouble.empty());
    }

    public static OptionalLong whole(JsonNode record, String field) {
        return truthy(record, field).filter(JsonNode::isNumber).map(n -> OptionalLong.of(n.asLong()))
                .orElse(OptionalLong.empty());
    }

    /** {@code captured_at} in epoch milliseconds when truthy. */
    public static OptionalLong capturedAt(JsonNode record) {
        return whole(record, "captured_at");
    }

    /** Computed compass if truthy, else the raw one if it is a number (spec §7: raw may be 0). */
    public static OptionalDouble compass(JsonNode record) {
        OptionalDouble computed = number(record, "computed_compass_angle");
        if (computed.isPresent()) {
            return computed;
        }
        JsonNode raw = record == null ? null : record.get("compass_angle");
        return raw != null && raw.isNumber() && Double.isFinite(raw.asDouble())
                ? OptionalDouble.of(raw.asDouble()) : OptionalDouble.empty();
    }

    /**
     * The position as {lon, lat}: {@code computed_geometry} if truthy else {@code geometry}; the first two
     * coordinates are lon, lat (a third is ignored); empty when missing or not finite.
     */
    public static Optional<double[]> lonLat(JsonNode record) {
        Optional<JsonNode> point = truthy(record, "computed_geometry").or(() -> truthy(record, "geometry"));
        return point.map(p -> p.get("coordinates"))
                .filter(c -> c != null && c.isArray() && c.size() >= 2 && c.get(0).isNumber() && c.get(1).isNumber())
                .map(c -> new double[] {c.get(0).asDouble(), c.get(1).asDouble()})
                .filter(ll -> Double.isFinite(ll[0]) && Double.isFinite(ll[1])
                        && Math.abs(ll[0]) <= 180 && Math.abs(ll[1]) <= 90);
    }

    /**
     * The altitude to write, by spec §7: raw if truthy else computed; a value above 2^31-1 is an unsigned-wrapped
     * negative; any other value above 100000 is dropped; only |alt| <= 100000 is written.
     */
    public static OptionalDouble altitude(JsonNode record) {
        OptionalDouble alt = number(record, "altitude");
        if (alt.isEmpty()) {
            JsonNode c = record == null ? null : record.get("computed_altitude");
            alt = c != null && c.isNumber() ? OptionalDouble.of(c.asDouble()) : OptionalDouble.empty();
        }
        if (alt.isEmpty() || !Double.isFinite(alt.getAsDouble())) {
            return OptionalDouble.empty();
        }
        double a = alt.getAsDouble();
        if (a > 100000) {
            if (a > 2147483647d) {
                a = a - 4294967296d;
            } else {
                return OptionalDouble.empty();
            }
        }
        return Math.abs(a) <= 100000 ? OptionalDouble.of(a) : OptionalDouble.empty();
    }
}
