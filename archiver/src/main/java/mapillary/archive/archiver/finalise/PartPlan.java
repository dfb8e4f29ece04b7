package mapillary.archive.archiver.finalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which IA item (part 1, 2, ...) each date of a collection goes to, kept in the hidden file {@code .parts.json} of
 * the collection so that early (incremental) uploads, the size-cap split and a split resumed after a crash all agree.
 * A date is placed once, in the newest part, or in a new part when it would take that part past the cap.
 */
final class PartPlan {

    static final String FILE = ".parts.json";

    private final Path file;
    private final long cap;
    private final Map<String, Integer> dates = new TreeMap<>();
    private final Map<Integer, Long> bytes = new TreeMap<>();
    private boolean complete;

    private PartPlan(Path file, long cap) {
        this.file = file;
        this.cap = cap;
    }

    /** The plan stored in {@code collectionDir}, or an empty one. */
    static PartPlan load(Path collectionDir, long cap) throws IOException {
        PartPlan p = new PartPlan(collectionDir.resolve(FILE), cap);
        if (Files.isRegularFile(p.file)) {
            JsonNode n = Json.MAPPER.readTree(Files.readString(p.file));
            n.path("dates").fields().forEachRemaining(e -> p.dates.put(e.getKey(), e.getValue().asInt()));
            n.path("bytes").fields().forEachRemaining(e -> p.bytes.put(Integer.parseInt(e.getKey()),
                    e.getValue().asLong()));
            p.complete = n.path("complete").asBoolean(false);
        }
        return p;
    }

    static boolean exists(Path collectionDir) {
        return Files.isRegularFile(collectionDir.resolve(FILE));
    }

    /** The part of {@code date}, or 0 when it is not placed yet. */
    int partOf(String date) {
        return dates.getOrDefault(date, 0);
    }

    /** Places {@code date} (if new) and counts {@code size} bytes of it into its part; returns the part. */
    int place(String date, long size) {
        int part = dates.getOrDefault(date, 0);
        if (part == 0) {
            part = parts();
            boolean used = dates.containsValue(part);
            if (used && bytes.getOrDefault(part, 0L) + size > cap) {
                part++;
            }
            dates.put(date, part);
        }
        bytes.merge(part, size, Long::sum);
        return part;
    }

    /** Counts bytes that are not a date's (part 1's other files) without placing anything. */
    void add(int part, long size) {
        bytes.merge(part, size, Long::sum);
    }

    /** How many parts: the highest part placed, at least 1. */
    int parts() {
        return dates.values().stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    /** True once finalisation has placed every date: the split then only carries this plan out. */
    boolean complete() {
        return complete;
    }

    void markComplete() {
        complete = true;
    }

    /** Writes the plan atomically. */
    void save() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode d = n.putObject("dates");
        dates.forEach(d::put);
        ObjectNode b = n.putObject("bytes");
        bytes.forEach((k, v) -> b.put(Integer.toString(k), v));
        n.put("complete", complete);
        AtomicFiles.writeString(file, n.toString());
    }
}
