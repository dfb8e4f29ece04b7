package mapillary.archive.common.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Quality;

/**
 * One image to fetch, keyed by image id on {@code mapillary.image-tasks}: harvester to fetcher.
 *
 * @param v          schema version of this record ({@link #VERSION})
 * @param harvestId  the harvest that listed it
 * @param collection collection name (IA identifier)
 * @param quality    thumbnail quality to fetch
 * @param webp       whether to convert to WebP
 * @param record     the Mapillary API record, verbatim
 */
public record ImageTask(int v, String harvestId, String collection, Quality quality, boolean webp, ObjectNode record) {

    public static final int VERSION = 1;

    public static ImageTask of(String harvestId, String collection, Quality quality, boolean webp, ObjectNode record) {
        return new ImageTask(VERSION, harvestId, collection, quality, webp, record);
    }

    /** The image id from the record, or null when absent. */
    public String imageId() {
        return record == null || !record.hasNonNull("id") ? null : record.get("id").asText();
    }
}
