package mapillary.archive.archiver.tracking;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TrackerTest {

    private static final String C = "mapillary-alice-1024";

    @TempDir
    Path dir;

    private static ImageResult ok(String id, String date) {
        return new ImageResult(1, "h", C, id, date, ImageResult.Status.OK, 10, 10, date + "/s/" + id + ".jpg", null, 1);
    }

    private static ImageResult failed(String id, String date) {
        return new ImageResult(1, "h", C, id, date, ImageResult.Status.FAILED, 0, 0, null, "HTTP 500", 3);
    }

    private static HarvestEvent listed(long total, Map<String, Long> perDate) {
        return HarvestEvent.listed("h", C, "alice", Quality.Q1024, false, true, total, perDate);
    }

    @Test
    void resultsBeforeTheListingCountAndDuplicatesDoNot() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(List.of(ok("1", "2024-01-01"), ok("1", "2024-01-01"), failed("2", "2024-01-02")));
        assertThat(t.snapshot(C).orElseThrow().complete()).isFalse();

        t.record(listed(3, Map.of("2024-01-01", 1L, "2024-01-02", 2L)));
        CollectionSnapshot s = t.snapshot(C).orElseThrow();
        assertThat(s.complete()).isFalse();
        assertThat(s.completeDates()).containsExactly("2024-01-01");

        t.record(List.of(failed("3", "2024-01-02")));
        s = t.snapshot(C).orElseThrow();
        assertThat(s.complete()).isTrue();
        assertThat(s.archived()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(2);
    }

    @Test
    void anOkAfterAFailedWinsAndAFailedAfterAnOkDoesNot() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(List.of(failed("1", "2024-01-01"), ok("1", "2024-01-01"), ok("2", "2024-01-01"),
                failed("2", "2024-01-01")));
        t.record(listed(2, Map.of("2024-01-01", 2L)));

        CollectionSnapshot s = t.snapshot(C).orElseThrow();
        assertThat(s.complete()).isTrue();
        assertThat(s.archived()).isEqualTo(2);
        assertThat(s.failed()).isZero();
    }

    @Test
    void skippedResultsAndACancelledHarvestNeverComplete() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(listed(2, Map.of("2024-01-01", 2L)));
        t.record(List.of(ok("1", "2024-01-01"), new ImageResult(1, "h", C, "2", "2024-01-01",
                ImageResult.Status.SKIPPED, 0, 0, null, "cancelled", 0)));
        assertThat(t.snapshot(C).orElseThrow().complete()).isFalse();

        t.record(HarvestEvent.ended(HarvestEvent.Type.CANCELLED, "h", C, "user"));
        t.record(List.of(ok("2", "2024-01-01")));
        assertThat(t.snapshot(C).orElseThrow().complete()).isFalse();
    }

    @Test
    void aRestartedTrackerReplaysTheJournalIncludingATornLastLine() throws Exception {
        Tracker first = new Tracker(new Journal(dir));
        first.record(HarvestEvent.started("h", C, "alice", Quality.Q1024, false, false));
        first.record(List.of(ok("1", "2024-01-01"), failed("2", "2024-01-01")));
        first.record(listed(3, Map.of("2024-01-01", 3L)));
        first.close();
        Files.writeString(dir.resolve(C + ".jsonl"), "{\"result\":{\"v\":1,\"imageId\":\"9", StandardOpenOption.APPEND);

        Tracker second = new Tracker(new Journal(dir));
        assertThat(second.load()).containsExactly(C);
        CollectionSnapshot s = second.snapshot(C).orElseThrow();
        assertThat(s.archived()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.username()).isEqualTo("alice");
        assertThat(s.quality()).isEqualTo(Quality.Q1024);
        assertThat(s.tar()).as("the LISTED event's flag, the latest").isTrue();
        assertThat(s.complete()).isFalse();

        second.record(List.of(ok("1", "2024-01-01"), ok("3", "2024-01-01")));
        second.close();
        Tracker third = new Tracker(new Journal(dir));
        assertThat(third.snapshot(C).orElseThrow().complete()).isTrue();
        assertThat(third.snapshot(C).orElseThrow().archived()).isEqualTo(2);
    }

    @Test
    void hostileCollectionNamesAndIdsAreRejectedAndCounted() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(List.of(
                new ImageResult(1, "h", "../../etc", "1", "2024-01-01", ImageResult.Status.OK, 1, 1, "x", null, 1),
                new ImageResult(1, "h", C, "../1", "2024-01-01", ImageResult.Status.OK, 1, 1, "x", null, 1),
                new ImageResult(1, "h", C, "1", "../../x", ImageResult.Status.OK, 1, 1, "x", null, 1)));
        t.record(HarvestEvent.started("h", "mapillary-alice-1024/../../x", "alice", Quality.Q1024, false, true));

        assertThat(t.rejected()).isEqualTo(4);
        assertThat(t.snapshot(C)).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void forgettingRemovesTheJournal() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(List.of(ok("1", "2024-01-01")));
        assertThat(dir.resolve(C + ".jsonl")).exists();
        t.forget(C);
        assertThat(dir.resolve(C + ".jsonl")).doesNotExist();
        assertThat(new Tracker(new Journal(dir)).load()).isEmpty();
    }

    @Test
    void recordsOfEveryHarvestOfAFinalisedCollectionAreDroppedButANewHarvestIsTracked() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(HarvestEvent.started("h1", C, "alice", Quality.Q1024, false, true));
        t.record(HarvestEvent.ended(HarvestEvent.Type.CANCELLED, "h1", C, "cancelled"));
        t.record(HarvestEvent.started("h2", C, "alice", Quality.Q1024, false, true));
        ImageResult fromH1 = new ImageResult(1, "h1", C, "1", "2024-01-01", ImageResult.Status.OK, 1, 1,
                "2024-01-01/1.jpg", null, 1);
        t.record(List.of(fromH1, ok("2", "2024-01-01")));
        t.forget(C);

        Tracker restarted = new Tracker(new Journal(dir));
        assertThat(restarted.record(List.of(fromH1))).isEmpty();
        assertThat(restarted.record(HarvestEvent.started("h2", C, "alice", Quality.Q1024, false, true))).isFalse();
        assertThat(restarted.dropped()).isEqualTo(2);
        assertThat(dir.resolve(C + ".jsonl")).doesNotExist();

        ImageResult fromH3 = new ImageResult(1, "h3", C, "3", "2024-01-01", ImageResult.Status.OK, 1, 1,
                "2024-01-01/3.jpg", null, 1);
        assertThat(restarted.record(List.of(fromH3))).containsExactly(C);
        assertThat(restarted.record(List.of(fromH1))).as("tracked again: applied, a new image").containsExactly(C);
        assertThat(restarted.dropped()).isEqualTo(2);
        assertThat(dir.resolve(C + ".jsonl")).exists();
    }
}
