package mapillary.archive.harvester.storage;

import java.time.Instant;

/**
 * What {@code harvest.json} holds: one harvest's request, status and counts, so a restarted harvester still
 * answers for it and resumes its listing. {@code badRecords}: listed records with unsafe ids/sequences or
 * unusable fields.
 */
public record HarvestState(int v, String id, String collection, String username, String quality, boolean webp,
                           String bbox, boolean tar, String status, String reason, long listed, long skipped,
                           long rejected, long fetched, long failed, long bytes, Instant createdAt,
                           Instant updatedAt, Instant listedAt, Instant finishedAt, long badRecords) {

    public static final int VERSION = 1;

    /** A state without the bad-record count (files written before it existed read it as 0). */
    public HarvestState(int v, String id, String collection, String username, String quality, boolean webp,
                        String bbox, boolean tar, String status, String reason, long listed, long skipped,
                        long rejected, long fetched, long failed, long bytes, Instant createdAt,
                        Instant updatedAt, Instant listedAt, Instant finishedAt) {
        this(v, id, collection, username, quality, webp, bbox, tar, status, reason, listed, skipped, rejected,
                fetched, failed, bytes, createdAt, updatedAt, listedAt, finishedAt, 0);
    }
}
