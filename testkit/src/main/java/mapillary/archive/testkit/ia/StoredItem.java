package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** The fake's mutable record of one item; every access goes through {@code synchronized (item)}. */
final class StoredItem {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Sort key for scrape paging: the identifier, or a hidden key for seeded documents without one. */
    final String key;
    /** Null for a seeded scrape document without identifier (only visible to scrape). */
    final String identifier;
    final long created;
    final int uniq;
    ObjectNode metadata;
    /** The item_size as seeded (kept raw, e.g. a string), or null to derive it from the files. */
    JsonNode itemSizeOverride;
    boolean dark;
    long lastUpdated;
    final LinkedHashMap<String, IaFile> files = new LinkedHashMap<>();

    StoredItem(String key, String identifier, ObjectNode metadata, JsonNode itemSizeOverride, boolean dark) {
        this.key = key;
        this.identifier = identifier;
        this.metadata = metadata;
        this.itemSizeOverride = itemSizeOverride;
        this.dark = dark;
        this.created = Instant.now().getEpochSecond();
        this.lastUpdated = created;
        this.uniq = (int) (Math.abs((long) key.hashCode()) % 2_000_000_000L);
    }

    /** The item size the metadata API reports: the seeded value if numeric, else the sum of file sizes. */
    synchronized long itemSize() {
        if (itemSizeOverride != null) {
            if (itemSizeOverride.isNumber()) {
                return itemSizeOverride.asLong();
            }
            try {
                return Long.parseLong(itemSizeOverride.asText().trim());
            } catch (NumberFormatException e) {
                // fall through to the files
            }
        }
        return files.values().stream().mapToLong(IaFile::size).sum();
    }

    /** One field of the scrape document, or null when the item has none. */
    synchronized JsonNode scrapeField(String field) {
        return switch (field) {
            case "identifier" -> identifier == null ? null : NODES.textNode(identifier);
            case "item_size" -> itemSizeOverride != null ? itemSizeOverride
                    : files.isEmpty() ? null : NODES.numberNode(itemSize());
            default -> metadata.get(field);
        };
    }

    /** The full {@code GET /metadata/{id}} document. */
    synchronized ObjectNode toMetadataJson() {
        ObjectNode o = NODES.objectNode();
        o.put("created", created);
        o.put("d1", "ia600000.us.archive.org");
        o.put("d2", "ia800000.us.archive.org");
        o.put("dir", "/0/items/" + identifier);
        ArrayNode fs = o.putArray("files");
        for (IaFile f : files.values()) {
            ObjectNode fo = fs.addObject();
            fo.put("name", f.name());
            fo.put("source", "original");
            fo.put("mtime", Long.toString(f.mtime().getEpochSecond()));
            fo.put("size", Long.toString(f.size()));
            fo.put("md5", f.md5());
            fo.put("format", format(f.name()));
        }
        o.put("files_count", files.size());
        o.put("item_last_updated", lastUpdated);
        o.put("item_size", itemSize());
        o.set("metadata", metadata.deepCopy());
        o.put("server", "ia600000.us.archive.org");
        o.put("uniq", uniq);
        o.putArray("workable_servers").add("ia600000.us.archive.org").add("ia800000.us.archive.org");
        if (dark) {
            o.put("is_dark", true);
        }
        return o;
    }

    synchronized IaItem snapshot() {
        Map<String, Object> md = Http.MAPPER.convertValue(metadata, new TypeReference<LinkedHashMap<String, Object>>() {
        });
        return new IaItem(identifier, md, new ArrayList<>(files.values()), dark, itemSize());
    }

    private static String format(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".tar")) {
            return "TAR";
        }
        if (n.endsWith(".jpg") || n.endsWith(".jpeg")) {
            return "JPEG";
        }
        if (n.endsWith(".gz")) {
            return "GZIP";
        }
        if (n.endsWith(".json") || n.endsWith(".jsonl")) {
            return "JSON";
        }
        return "Unknown";
    }
}
