package mapillary.archive.fetcher.storage;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.io.PathComponents;

import java.nio.file.Path;

/**
 * Where one image lives inside its collection: {@code <date>/<sequence>/<id>.<ext>} (no sequence:
 * {@code <date>/<id>.<ext>}), resolved only from validated components and checked to stay inside the collection.
 *
 * @param collectionDir {@code <staging>/<collection>}
 * @param date          UTC date bucket
 * @param file          absolute path of the final file
 * @param relative      path relative to the collection dir, with {@code /} separators
 */
public record ImageLocation(Path collectionDir, String date, Path file, String relative) {

    /** The directory that holds the file. */
    public Path dir() {
        return file.getParent();
    }

    /**
     * Resolves the location of an image, validating every untrusted part.
     *
     * @throws UnsafeLocationException with a readable, log-safe reason when a part is not acceptable
     */
    public static ImageLocation resolve(Path stagingDir, String collection, JsonNode record, String extension) {
        CollectionName name = CollectionName.parse(collection)
                .filter(n -> n.id().equals(collection))
                .orElseThrow(() -> new UnsafeLocationException("invalid collection name: " + PathComponents.quote(collection)));
        String id = textOf(record, "id");
        if (!PathComponents.isSafe(id)) {
            throw new UnsafeLocationException("unsafe image id: " + PathComponents.quote(id));
        }
        String sequence = sequenceOf(record);
        if (sequence != null && !PathComponents.isSafe(sequence)) {
            throw new UnsafeLocationException("unsafe sequence: " + PathComponents.quote(sequence));
        }
        String date = DateBucket.of(record);
        Path collectionDir = stagingDir.toAbsolutePath().normalize().resolve(name.id());
        String relative = (sequence == null ? date : date + "/" + sequence) + "/" + id + "." + extension;
        Path file = collectionDir.resolve(relative).normalize();
        if (!file.startsWith(collectionDir) || file.equals(collectionDir)) {
            throw new UnsafeLocationException("path outside the collection: " + PathComponents.quote(relative));
        }
        return new ImageLocation(collectionDir, date, file, relative);
    }

    /** The record's sequence id, or null when it has none (missing, null, empty or false: the original's truthiness). */
    static String sequenceOf(JsonNode record) {
        JsonNode s = record == null ? null : record.get("sequence");
        if (s == null || s.isNull() || (s.isTextual() && s.asText().isEmpty()) || (s.isBoolean() && !s.asBoolean())) {
            return null;
        }
        if (s.isObject() && s.hasNonNull("id")) {
            s = s.get("id");
        }
        return s.isValueNode() ? s.asText() : s.toString();
    }

    private static String textOf(JsonNode record, String field) {
        JsonNode n = record == null ? null : record.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }
}
