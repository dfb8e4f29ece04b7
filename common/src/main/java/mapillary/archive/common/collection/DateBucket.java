package mapillary.archive.common.collection;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The UTC capture-date directory of an image: {@code YYYY-MM-DD}, or {@code unknown-date}. */
public final class DateBucket {

    public static final String UNKNOWN = "unknown-date";
    private static final long FIRST_MILLIS = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
    private static final long LAST_MILLIS = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private DateBucket() {
    }

    /**
     * From epoch milliseconds; null or 0 means unknown (the original's truthiness rule), and so does a time outside
     * the years 1-9999, which has no {@code YYYY-MM-DD} name (the original fails on those).
     */
    public static String of(Long capturedAtMillis) {
        if (capturedAtMillis == null || capturedAtMillis == 0 || capturedAtMillis < FIRST_MILLIS
                || capturedAtMillis > LAST_MILLIS) {
            return UNKNOWN;
        }
        return DAY.format(Instant.ofEpochMilli(capturedAtMillis));
    }

    /** From an API record's {@code captured_at}; a missing, null, zero or non-numeric value means unknown. */
    public static String of(JsonNode record) {
        JsonNode c = record == null ? null : record.get("captured_at");
        if (c == null || !c.isNumber()) {
            return UNKNOWN;
        }
        return of(c.asLong());
    }

    /** True for {@code NNNN-NN-NN} or {@code unknown-date}: the names of tarrable date directories (null is not). */
    public static boolean isDateDirectory(String name) {
        return name != null && (UNKNOWN.equals(name) || name.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}"));
    }
}
