package mapillary.archive.harvester.job;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.harvester.storage.HarvestState;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts come from the archiver's absolute snapshots, and statuses from its steps. */
class HarvestCountsTest {

    private static final String C = "mapillary-u-original-webp";

    private static Harvest fetching(long listed) {
        Harvest h = new Harvest("h1", C, "u", Quality.ORIGINAL, true, null, true, HarvestStatus.LISTING, null,
                Instant.now());
        h.listingCounts(listed, 0, 0);
        h.listingDone();
        assertThat(h.status()).isEqualTo(HarvestStatus.FETCHING);
        return h;
    }

    private static HarvestProgress snapshot(String harvestId, long fetched, long failed, long skipped, long bytes) {
        return new HarvestProgress(1, harvestId, C, 3000, fetched, failed, skipped, bytes, Instant.now());
    }

    @Test
    void snapshotsSetAbsoluteCountsSoAReplayAfterARestartChangesNothing() {
        Harvest before = fetching(3000);
        HarvestState savedEarly = before.snapshot(); // harvest.json as last saved: before the snapshots
        assertThat(before.progress(snapshot("h1", 1800, 200, 0, 180_000))).isTrue();
        assertThat(before.fetched()).isEqualTo(1800);
        assertThat(before.failed()).isEqualTo(200);
        assertThat(before.bytes()).isEqualTo(180_000);

        Harvest after = Harvest.restore(savedEarly);
        assertThat(after.fetched()).isZero();
        // a restart reads the compacted topic from the start: older snapshots, then the newest
        after.progress(snapshot("h1", 900, 100, 0, 90_000));
        after.progress(snapshot("h1", 1800, 200, 0, 180_000));
        after.progress(snapshot("h1", 1800, 200, 0, 180_000));
        assertThat(after.fetched()).isEqualTo(1800);
        assertThat(after.failed()).isEqualTo(200);
        assertThat(after.bytes()).isEqualTo(180_000);
        assertThat(after.status()).isEqualTo(HarvestStatus.FETCHING);

        after.progress(snapshot("h1", 2799, 200, 1, 279_900));
        assertThat(after.status()).as("every listed image has a final result").isEqualTo(HarvestStatus.ARCHIVING);
    }

    @Test
    void snapshotsOfAnotherHarvestDoNotCountAndAfterFinalisationOnlyTheirBytes() {
        Harvest h = fetching(2);
        assertThat(h.progress(snapshot("h0", 2, 0, 0, 10))).isFalse();
        assertThat(h.progress(new HarvestProgress(1, "h1", "mapillary-other-256", 2, 2, 0, 0, 10, Instant.now())))
                .isFalse();
        assertThat(h.fetched()).isZero();
        h.progress(snapshot("h1", 2, 0, 0, 10));
        assertThat(h.status()).isEqualTo(HarvestStatus.ARCHIVING);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 2, 0, 99, "output/" + C,
                null));
        assertThat(h.status()).isEqualTo(HarvestStatus.DONE);
        assertThat(h.progress(snapshot("h1", 3, 0, 0, 15))).as("a late snapshot brings its bytes").isTrue();
        assertThat(h.fetched()).as("FINALISED's count stands").isEqualTo(2);
        assertThat(h.bytes()).isEqualTo(15);
    }

    @Test
    void aFinalisedThatAnUploadFollowsIsUploadingUntilUploaded() {
        Harvest h = fetching(3);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 2, 1, 99, "output/" + C,
                null).continuing());
        assertThat(h.status()).isEqualTo(HarvestStatus.UPLOADING);
        assertThat(h.fetched()).isEqualTo(2);
        assertThat(h.reason()).contains("1 images failed");
        assertThat(h.etaSeconds()).isZero();
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.UPLOADED, "h1", C, null, 2, 1, 99, null, null));
        assertThat(h.status()).isEqualTo(HarvestStatus.DONE);
        assertThat(h.finishedAt()).isNotNull();
    }

    @Test
    void aFinalisedWithoutAnUploadIsDone() {
        Harvest h = fetching(3);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 3, 0, 99, "output/" + C,
                null));
        assertThat(h.status()).isEqualTo(HarvestStatus.DONE);
        assertThat(h.reason()).isNull();
    }

    @Test
    void anUploadFailureTheArchiverRetriesKeepsUploadingWithTheReason() {
        Harvest h = fetching(3);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 3, 0, 99, "output/" + C,
                null).continuing());
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.UPLOAD_FAILED, "h1", C, null, 3, 0, 0, null,
                "HTTP 503 after 8 attempts (will retry)").continuing());
        assertThat(h.status()).isEqualTo(HarvestStatus.UPLOADING);
        assertThat(h.reason()).isEqualTo("upload to archive.org failed: HTTP 503 after 8 attempts (will retry)");
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.UPLOADED, "h1", C, null, 3, 0, 99, null, null));
        assertThat(h.status()).isEqualTo(HarvestStatus.DONE);
    }

    @Test
    void aFailedUploadFailsTheHarvestWithTheReason() {
        Harvest h = fetching(3);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 3, 0, 99, "output/" + C,
                null).continuing());
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.UPLOAD_FAILED, "h1", C, null, 3, 0, 99, null,
                "HTTP 503 after 5 attempts"));
        assertThat(h.status()).isEqualTo(HarvestStatus.FAILED);
        assertThat(h.reason()).isEqualTo("upload to archive.org failed: HTTP 503 after 5 attempts");
    }
}
