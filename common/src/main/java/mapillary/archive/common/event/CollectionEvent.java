package mapillary.archive.common.event;

import java.time.Instant;

/**
 * What the archiver did with a collection, keyed by collection on {@code mapillary.collection-events}: archiver
 * to harvester (status) and stats.
 *
 * @param v          schema version ({@link #VERSION})
 * @param type       what happened
 * @param harvestId  harvest id
 * @param collection collection name
 * @param date       DATE_TARRED: the date bucket
 * @param images     images archived (DATE_TARRED: in that tar; FINALISED: in the collection)
 * @param failed     FINALISED: images that failed for good
 * @param bytes      bytes written (tar or collection)
 * @param path       where it now lives (tar or final dir), relative to ARCHIVE_DATA_DIR
 * @param reason     UPLOAD_FAILED: why
 * @param at         when
 * @param continues  the archiver goes on with the collection: FINALISED is followed by an upload, UPLOAD_FAILED
 *                   is retried; false means this event is the collection's last word
 */
public record CollectionEvent(int v, Type type, String harvestId, String collection, String date, long images,
                              long failed, long bytes, String path, String reason, Instant at, boolean continues) {

    public static final int VERSION = 1;

    /** Archiver steps. */
    public enum Type { DATE_TARRED, FINALISED, UPLOADED, UPLOAD_FAILED }

    public static CollectionEvent of(Type type, String harvestId, String collection, String date, long images,
                                     long failed, long bytes, String path, String reason) {
        return new CollectionEvent(VERSION, type, harvestId, collection, date, images, failed, bytes, path, reason,
                Instant.now(), false);
    }

    /** This event with {@link #continues} set: an upload follows (FINALISED) or is retried (UPLOAD_FAILED). */
    public CollectionEvent continuing() {
        return new CollectionEvent(v, type, harvestId, collection, date, images, failed, bytes, path, reason, at, true);
    }
}
