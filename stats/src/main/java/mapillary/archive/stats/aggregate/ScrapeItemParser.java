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

    /**
     * What came out of one search.
     *
     * @param entries collections keyed by first-part identifier, in search order
     * @param skipped items that are not ours
     */
    public record Result(Map<String, CollectionEntry> entries, int skipped) {
    }

    private ScrapeItemParser() {
    }

    /** Parses {@code items}; uploaders are carried over from {@code previous} (identifier -> entry) when known. */
    public static Result parse(List<JsonNode> items, Map<String, CollectionEntry> previous) {
        Map<String, CollectionEntry> out = new LinkedHashMap<>();
        int skipped = 0;
        for (JsonNode item : items) {
            Optional<CollectionName> name = Optional.ofNullable(item.path("identifier").textValue())
                    .flatMap(CollectionName::parse);
            if (name.isEmpty()) {
                skipped++;
                continue;
            }
            CollectionName first = name.get().firstPart();
            String key = first.id();
            long size = size(item.get("item_size"));
            Long images = images(item);
            List<String> iaCollection = strings(item.get("collection"));
            CollectionEntry before = out.get(key);
            if (before == null) {
                CollectionEntry old = previous.get(key);
                out.put(key, new CollectionEntry(size, old == null ? null : old.uploader(), images,
                        first.quality().label(), first.username(), first.webp(), iaCollection));
            } else {
                boolean isFirst = name.get().part() == 1;
                out.put(key, new CollectionEntry(before.size() + size, before.uploader(), add(before.images(), images),
                        before.quality(), before.username(), before.webp(),
                        isFirst ? iaCollection : before.iaCollection()));
            }
        }
        return new Result(out, skipped);
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
