package mapillary.archive.harvester.job;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.harvester.storage.HarvestState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Result counts survive a restart exactly: redelivered results are not counted again, lost ones are. */
class HarvestCountsTest {

    private static final String C = "mapillary-u-original-webp";

    @TempDir
    Path dir;

    private static Harvest fetching(long listed) {
        Harvest h = new Harvest("h1", C, "u", Quality.ORIGINAL, true, null, true, HarvestStatus.LISTING, null,
                Instant.now());
        h.listingCounts(listed, 0, 0);
        h.listingDone();
        assertThat(h.status()).isEqualTo(HarvestStatus.FETCHING);
        return h;
    }

    private static ImageResult ok(String id, long bytes) {
        return new ImageResult(1, "h1", C, id, "2024-01-01", ImageResult.Status.OK, bytes, bytes, "p", null, 1);
    }

    private static ImageResult failed(String id) {
        return new ImageResult(1, "h1", C, id, "2024-01-01", ImageResult.Status.FAILED, 0, 0, null, "HTTP 404", 3);
    }

    private static ImageResult skipped(String id) {
        return new ImageResult(1, "h1", C, id, "2024-01-01", ImageResult.Status.SKIPPED, 0, 0, null, "cancelled", 0);
    }

    @Test
    void replayingTheSameResultsAfterARestartChangesNoCount() throws Exception {
        List<ImageResult> results = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            results.add(i % 10 == 0 ? failed(String.valueOf(1000 + i)) : ok(String.valueOf(1000 + i), 100));
        }
        Harvest before = fetching(3000);
        before.openResults(dir);
        HarvestState savedEarly = before.snapshot(); // harvest.json as last saved: before the results
        for (ImageResult r : results) {
            assertThat(before.result(r)).isTrue();
        }
        before.syncResults();
        assertThat(before.fetched()).isEqualTo(1800);
        assertThat(before.failed()).isEqualTo(200);
        assertThat(before.bytes()).isEqualTo(180_000);
        // the process dies without closing anything

        Harvest after = Harvest.restore(savedEarly);
        after.openResults(dir);
        assertThat(after.fetched()).isEqualTo(1800);
        assertThat(after.failed()).isEqualTo(200);
        assertThat(after.bytes()).isEqualTo(180_000);
        // Kafka redelivers what was not committed: everything, in the worst case
        for (ImageResult r : results) {
            assertThat(after.result(r)).isFalse();
        }
        assertThat(after.fetched()).isEqualTo(1800);
        assertThat(after.failed()).isEqualTo(200);
        assertThat(after.bytes()).isEqualTo(180_000);
        assertThat(after.status()).isEqualTo(HarvestStatus.FETCHING);

        for (int i = 0; i < 999; i++) {
            after.result(ok(String.valueOf(5000 + i), 1));
        }
        assertThat(after.status()).isEqualTo(HarvestStatus.FETCHING);
        after.result(skipped("9999"));
        assertThat(after.status()).isEqualTo(HarvestStatus.ARCHIVING);
        assertThat(after.fetched()).isEqualTo(2799);
    }

    @Test
    void resultsNotSyncedBeforeACrashAreCountedWhenRedelivered() throws Exception {
        Harvest before = fetching(10);
        before.openResults(dir);
        before.result(ok("1", 10));
        before.syncResults();
        before.result(ok("2", 20)); // counted in memory, not durable: its offset was never committed
        HarvestState saved = before.snapshot(); // even if harvest.json already saw it

        Harvest after = Harvest.restore(saved);
        after.openResults(dir);
        assertThat(after.fetched()).isEqualTo(1);
        assertThat(after.result(ok("1", 10))).isFalse();
        assertThat(after.result(ok("2", 20))).isTrue();
        assertThat(after.fetched()).isEqualTo(2);
        assertThat(after.bytes()).isEqualTo(30);
    }

    @Test
    void unsafeIdsAndResultsAfterFinalisationDoNotCount() throws Exception {
        Harvest h = fetching(2);
        h.openResults(dir);
        assertThat(h.result(ok("../1", 5))).isFalse();
        assertThat(h.result(ok(null, 5))).isFalse();
        h.result(ok("1", 5));
        h.result(ok("2", 5));
        assertThat(h.status()).isEqualTo(HarvestStatus.ARCHIVING);
        h.collectionEvent(CollectionEvent.of(CollectionEvent.Type.FINALISED, "h1", C, null, 2, 0, 99, "output/" + C,
                null));
        assertThat(h.status()).isEqualTo(HarvestStatus.DONE);
        assertThat(h.result(ok("3", 5))).isFalse();
        assertThat(h.fetched()).isEqualTo(2);
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
