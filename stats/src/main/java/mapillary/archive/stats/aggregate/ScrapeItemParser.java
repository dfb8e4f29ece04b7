package mapillary.archive.stats.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.stats.model.CollectionEntry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns IA scrape items into collection entries: identifiers parsed with {@link CollectionName} (others skipped and
 * counted), size-cap parts merged into their first part, image counts from the structured {@code image_count} field
 * or else the description's "Contains N images" (a description may be a list), sizes given as numbers or strings.
 */
public final class ScrapeItemParser {

    private static final Pattern CONTAINS = Pattern.compile("Contains ([\\d,]+) images");
    private static final Pattern CAPTURED = Pattern.compile(
            "captured between (\\d{4}-\\d{2}-\\d{2}) and (\\d{4}-\\d{2}-\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /**
     * What came out of one search.
     *
     * @param entries collections keyed by first-part identifier, in search order
     * @param skipped   items that are not ours (identifier is not a collection name)
     * @param malformed items that cannot be read at all (not a JSON object, identifier missing or not text)
     */
    public record Result(Map<String, CollectionEntry> entries, int skipped, int malformed) {
    }

    private ScrapeItemParser() {
    }

    /** Parses {@code items}; uploaders are carried over from {@code previous} (identifier -> entry) when known. */
    public static Result parse(List<JsonNode> items, Map<String, CollectionEntry> previous) {
        Map<String, CollectionEntry> out = new LinkedHashMap<>();
        int skipped = 0;
        int malformed = 0;
        for (JsonNode item : items) {
            if (item == null || !item.isObject() || !item.path("identifier").isTextual()) {
                malformed++;
                continue;
            }
            Optional<CollectionName> name = CollectionName.parse(item.path("identifier").textValue());
            if (name.isEmpty()) {
                skipped++;
                continue;
            }
            CollectionName first = name.get().firstPart();
            String key = first.id();
            long size = size(item.get("item_size"));
            Long images = images(item);
            List<String> iaCollection = strings(item.get("collection"));
            String[] range = captureRange(item);
            CollectionEntry before = out.get(key);
            if (before == null) {
                CollectionEntry old = previous.get(key);
                out.put(key, new CollectionEntry(size, old == null ? null : old.uploader(), images,
                        first.quality().label(), first.username(), first.webp(), iaCollection, range[0], range[1]));
            } else {
                boolean isFirst = name.get().part() == 1;
                out.put(key, new CollectionEntry(before.size() + size, before.uploader(), add(before.images(), images),
                        before.quality(), before.username(), before.webp(),
                        isFirst ? iaCollection : before.iaCollection(),
                        min(before.firstCapture(), range[0]), max(before.lastCapture(), range[1])));
            }
        }
        return new Result(out, skipped, malformed);
    }

    /** {first, last} capture dates: structured tags, else the description's "captured between"; nulls if none. */
    static String[] captureRange(JsonNode item) {
        String first = date(item.get("first_capture"));
        String last = date(item.get("last_capture"));
        if (first != null && last != null) {
            return first.compareTo(last) <= 0 ? new String[]{first, last} : new String[]{last, first};
        }
        for (String text : strings(item.get("description"))) {
            Matcher m = CAPTURED.matcher(text);
            if (m.find()) {
                String a = m.group(1);
                String b = m.group(2);
                return a.compareTo(b) <= 0 ? new String[]{a, b} : new String[]{b, a};
            }
        }
        if (first != null || last != null) {
            String only = first != null ? first : last;
            return new String[]{only, only};
        }
        return new String[]{null, null};
    }

    private static String date(JsonNode n) {
        List<String> values = strings(n);
        if (values.isEmpty()) {
            return null;
        }
        String v = values.get(0).trim();
        if (!DATE.matcher(v).matches()) {
            return null;
        }
        try {
            java.time.LocalDate.parse(v);
            return v;
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String min(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }

    private static Long add(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + b;
    }

    static long size(JsonNode n) {
        if (n == null || n.isNull()) {
            return 0;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asText().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static Long images(JsonNode item) {
        JsonNode structured = item.get("image_count");
        if (structured != null && !structured.isNull()) {
            JsonNode v = structured.isArray() && !structured.isEmpty() ? structured.get(0) : structured;
            if (v.isIntegralNumber()) {
                return v.asLong();
            }
            try {
                return Long.parseLong(v.asText().trim().replace(",", ""));
            } catch (NumberFormatException e) {
                // fall back to the description
            }
        }
        for (String text : strings(item.get("description"))) {
            Matcher m = CONTAINS.matcher(text);
            if (m.find()) {
                String digits = m.group(1).replace(",", "");
                if (!digits.isEmpty()) {
                    return Long.parseLong(digits);
                }
            }
        }
        return null;
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isArray()) {
            n.forEach(e -> {
                if (e.isValueNode() && !e.isNull()) {
                    out.add(e.asText());
                }
            });
        } else if (n.isValueNode()) {
            out.add(n.asText());
        }
        return out;
    }
}
