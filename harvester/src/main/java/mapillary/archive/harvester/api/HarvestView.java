package mapillary.archive.harvester.api;

import mapillary.archive.common.format.Formats;
import mapillary.archive.harvester.job.Harvest;

import java.time.Instant;

/** A harvest as the API shows it: request, status, counts, rate, ETA and links. */
public record HarvestView(String id, String collection, String username, String quality, boolean webp, String bbox,
                          boolean tar, String status, String reason, Counts counts, double rate, Long etaSeconds,
                          String eta, Instant createdAt, Instant updatedAt, Instant finishedAt, Links links) {

    /**
     * Image counts: tasks published, fetched, failed, records without the quality's URL, records rejected (unsafe
     * id or sequence, not published), bad records (rejected plus those published after a repair of an unusable
     * field), bytes.
     */
    public record Counts(long listed, long fetched, long failed, long skipped, long rejected, long badRecords,
                         long bytes, String size) {
    }

    /** Where to look next. */
    public record Links(String self, String events) {
    }

    public static HarvestView of(Harvest h) {
        Long eta = h.etaSeconds();
        double rate = Math.round(h.rate() * 100) / 100.0;
        return new HarvestView(h.id(), h.collection(), h.username(), h.quality().label(), h.webp(), h.bbox(),
                h.tar(), h.status().name(), h.reason(),
                new Counts(h.listed(), h.fetched(), h.failed(), h.skipped(), h.rejected(), h.badRecords(), h.bytes(),
                        Formats.size(h.bytes())),
                rate, eta, eta == null ? null : Formats.time(eta), h.createdAt(), h.updatedAt(), h.finishedAt(),
                new Links("/harvests/" + h.id(), "/harvests/" + h.id() + "/events"));
    }
}
