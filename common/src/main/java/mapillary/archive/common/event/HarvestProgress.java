package mapillary.archive.common.event;

import java.time.Instant;

/**
 * A harvest's progress in absolute counts, keyed by collection on the compacted {@code mapillary.harvest-progress}:
 * archiver (its tracking topology, at most about once a second per harvest) to harvester. The newest snapshot of a
 * collection is its whole truth, so a consumer that restarts or misses one loses nothing.
 *
 * @param v          schema version ({@link #VERSION})
 * @param harvestId  the harvest these counts belong to
 * @param collection collection name
 * @param listed     tasks the harvest listed (LISTED's total), or -1 while it is still listing
 * @param fetched    distinct images with an OK result
 * @param failed     distinct images that failed for good (and had no OK result)
 * @param skipped    distinct images skipped (the harvest was cancelled)
 * @param bytes      bytes downloaded for the OK images
 * @param at         when the snapshot was taken
 */
public record HarvestProgress(int v, String harvestId, String collection, long listed, long fetched, long failed,
                              long skipped, long bytes, Instant at) {

    public static final int VERSION = 1;

    /** Images with a final result: fetched, failed or skipped. */
    public long done() {
        return fetched + failed + skipped;
    }
}
