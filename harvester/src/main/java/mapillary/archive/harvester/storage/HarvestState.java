package mapillary.archive.harvester.storage;

import java.time.Instant;

/**
 * What {@code harvest.json} holds: one harvest's request, status and counts, so a restarted harvester still
 * answers for it and resumes its listing.
 */
public record HarvestState(int v, String id, String collection, String username, String quality, boolean webp,
                           String bbox, boolean tar, String status, String reason, long listed, long skipped,
                           long rejected, long fetched, long failed, long bytes, Instant createdAt,
                           Instant updatedAt, Instant listedAt, Instant finishedAt) {

    public static final int VERSION = 1;
}
