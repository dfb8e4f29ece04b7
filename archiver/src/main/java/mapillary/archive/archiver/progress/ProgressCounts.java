package mapillary.archive.archiver.progress;

import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;

import java.time.Instant;

/**
 * One harvest's counts in the topology's progress store: distinct images per final status, what was listed, and
 * whether a snapshot is due. Immutable; each change returns a new value to put back.
 *
 * @param listed  LISTED's total, or -1 before it
 * @param fetched distinct OK images
 * @param failed  distinct FAILED images without an OK
 * @param skipped distinct SKIPPED images
 * @param bytes   bytes downloaded for the OK images
 * @param dirty   changed since the last snapshot
 */
public record ProgressCounts(long listed, long fetched, long failed, long skipped, long bytes, boolean dirty) {

    public static final ProgressCounts NONE = new ProgressCounts(-1, 0, 0, 0, 0, false);

    /** Counts an image seen for the first time in this harvest. */
    ProgressCounts first(ImageResult.Status status, long okBytes) {
        return switch (status) {
            case OK -> new ProgressCounts(listed, fetched + 1, failed, skipped, bytes + okBytes, true);
            case FAILED -> new ProgressCounts(listed, fetched, failed + 1, skipped, bytes, true);
            case SKIPPED -> new ProgressCounts(listed, fetched, failed, skipped + 1, bytes, true);
        };
    }

    /** An image that had failed is OK after all (a redelivered task fetched later): OK beats FAILED. */
    ProgressCounts failedNowOk(long okBytes) {
        return new ProgressCounts(listed, fetched + 1, failed - 1, skipped, bytes + okBytes, true);
    }

    ProgressCounts listed(long total) {
        return new ProgressCounts(total, fetched, failed, skipped, bytes, true);
    }

    ProgressCounts touched() {
        return new ProgressCounts(listed, fetched, failed, skipped, bytes, true);
    }

    ProgressCounts published() {
        return new ProgressCounts(listed, fetched, failed, skipped, bytes, false);
    }

    HarvestProgress snapshot(String collection, String harvestId, Instant at) {
        return new HarvestProgress(HarvestProgress.VERSION, harvestId, collection, listed, fetched, failed, skipped,
                bytes, at);
    }
}
