package mapillary.archive.common.event;

import mapillary.archive.common.collection.Quality;

import java.time.Instant;
import java.util.Map;

/**
 * A harvest's lifecycle, keyed by collection on {@code mapillary.harvest-events}: harvester to archiver.
 *
 * @param v          schema version ({@link #VERSION})
 * @param type       what happened
 * @param harvestId  harvest id
 * @param collection collection name
 * @param username   Mapillary username
 * @param quality    quality
 * @param webp       WebP on
 * @param tar        tar the date directories at finalisation
 * @param total      LISTED: number of image tasks published
 * @param perDate    LISTED: tasks per UTC date bucket
 * @param reason     FAILED/CANCELLED: why
 * @param at         when it happened
 */
public record HarvestEvent(int v, Type type, String harvestId, String collection, String username,
                           Quality quality, boolean webp, boolean tar, long total, Map<String, Long> perDate,
                           String reason, Instant at) {

    public static final int VERSION = 1;

    /** Lifecycle steps. */
    public enum Type { STARTED, LISTED, CANCELLED, FAILED }

    public static HarvestEvent started(String harvestId, String collection, String username, Quality quality,
                                       boolean webp, boolean tar) {
        return new HarvestEvent(VERSION, Type.STARTED, harvestId, collection, username, quality, webp, tar, 0,
                Map.of(), null, Instant.now());
    }

    public static HarvestEvent listed(String harvestId, String collection, String username, Quality quality,
                                      boolean webp, boolean tar, long total, Map<String, Long> perDate) {
        return new HarvestEvent(VERSION, Type.LISTED, harvestId, collection, username, quality, webp, tar, total,
                Map.copyOf(perDate), null, Instant.now());
    }

    public static HarvestEvent ended(Type type, String harvestId, String collection, String reason) {
        return new HarvestEvent(VERSION, type, harvestId, collection, null, null, false, false, 0, Map.of(),
                reason, Instant.now());
    }
}
