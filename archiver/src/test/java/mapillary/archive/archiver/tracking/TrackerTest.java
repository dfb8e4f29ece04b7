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
        assertThat(t.snapshot(C)).as("a cancel clears the collection").isEmpty();
        assertThat(t.record(List.of(ok("2", "2024-01-01")))).as("a late result of the cancelled harvest").isEmpty();
        assertThat(t.snapshot(C)).isEmpty();
        assertThat(t.dropped()).isEqualTo(1);
    }

    @Test
    void aNewHarvestAfterACancelledOneStartsCleanAndIgnoresTheOldListingAndResults() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(HarvestEvent.started("h", C, "alice", Quality.Q1024, false, true));
        t.record(listed(2, Map.of("2024-01-01", 2L)));
        t.record(List.of(ok("1", "2024-01-01")));
        t.record(HarvestEvent.ended(HarvestEvent.Type.CANCELLED, "h", C, "cancelled by request"));

        t.record(HarvestEvent.started("h2", C, "alice", Quality.Q1024, false, true));
        t.record(List.of(ok("2", "2024-01-01"), ok("1", "2024-01-01")));
        CollectionSnapshot s = t.snapshot(C).orElseThrow();
        assertThat(s.harvestId()).isEqualTo("h2");
        assertThat(s.complete()).as("the cancelled harvest's listing is not reused").isFalse();
        assertThat(s.outcomes()).as("the cancelled harvest's results are dropped").isEmpty();

        ImageResult one = new ImageResult(1, "h2", C, "1", "2024-01-01", ImageResult.Status.OK, 1, 1,
                "2024-01-01/s/1.jpg", null, 1);
        ImageResult two = new ImageResult(1, "h2", C, "2", "2024-01-01", ImageResult.Status.OK, 1, 1,
                "2024-01-01/s/2.jpg", null, 1);
        ImageResult three = new ImageResult(1, "h2", C, "3", "2024-01-01", ImageResult.Status.OK, 1, 1,
                "2024-01-01/s/3.jpg", null, 1);
        t.record(List.of(one, two));
        t.record(HarvestEvent.listed("h2", C, "alice", Quality.Q1024, false, true, 3, Map.of("2024-01-01", 3L)));
        assertThat(t.snapshot(C).orElseThrow().complete()).isFalse();
        t.record(List.of(three));
        assertThat(t.snapshot(C).orElseThrow().complete()).isTrue();
        assertThat(t.snapshot(C).orElseThrow().archived()).isEqualTo(3);
    }

    @Test
    void aFailureOfAnOlderHarvestDoesNotClearTheCurrentOne() {
        Tracker t = new Tracker(new Journal(dir));
        t.record(HarvestEvent.started("h2", C, "alice", Quality.Q1024, false, true));
        assertThat(t.record(HarvestEvent.ended(HarvestEvent.Type.FAILED, "h1", C, "old"))).isFalse();
        assertThat(t.snapshot(C).orElseThrow().harvestId()).isEqualTo("h2");
    }

    @Test
    void hostileAndBrokenListedEventsAreCountedAndDroppedWithoutTouchingTheState() {
        Tracker t = new Tracker(new Journal(dir));
        Map<String, Long> nullCount = new java.util.HashMap<>();
        nullCount.put("2024-01-01", null);
        List<HarvestEvent> bad = List.of(
                listed(1, Map.of("2024-01-01", 1L, "../VICTIM", 0L)),
                listed(1, Map.of("/etc", 1L)),
                listed(1, Map.of("2024-01-01/../../x", 1L)),
                listed(1, Map.of("", 1L)),
                new HarvestEvent(1, HarvestEvent.Type.LISTED, "h", C, "alice", Quality.Q1024, false, true, 1,
                        nullCount, null, null),
                listed(0, Map.of("2024-01-01", -1L, "2024-01-02", 1L)),
                listed(5, Map.of("2024-01-01", 1L)),
                listed(-1, Map.of()),
                new HarvestEvent(1, HarvestEvent.Type.LISTED, "h", C, "alice", Quality.Q1024, false, true, 0,
                        null, null, null),
                new HarvestEvent(1, null, "h", C, "alice", Quality.Q1024, false, true, 0, Map.of(), null, null));
        for (HarvestEvent e : bad) {
            assertThat(t.record(e)).as(String.valueOf(e)).isFalse();
        }
        assertThat(t.record((HarvestEvent) null)).isFalse();
        assertThat(t.rejectedEvents()).isEqualTo(bad.size() + 1);
        assertThat(t.snapshot(C)).isEmpty();
        assertThat(dir).isEmptyDirectory();

        t.record(listed(1, Map.of("2024-01-01", 1L)));
        t.record(List.of(ok("1", "2024-01-01")));
        assertThat(t.snapshot(C).orElseThrow().complete()).as("a good event still works").isTrue();
    }

    @Test
    void aJournalWithAnEventOlderVersionsAcceptedReplaysWithoutIt() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(C + ".jsonl"), String.join("\n",
                "{\"event\":{\"v\":1,\"type\":\"LISTED\",\"harvestId\":\"h\",\"collection\":\"" + C
                        + "\",\"total\":1,\"perDate\":{\"2024-01-01\":null}}}",
                "{\"result\":{\"v\":1,\"harvestId\":\"h\",\"collection\":\"" + C
                        + "\",\"imageId\":\"1\",\"date\":\"../x\",\"status\":\"OK\"}}",
                "{\"result\":{\"v\":1,\"harvestId\":\"h\",\"collection\":\"" + C
                        + "\",\"imageId\":\"2\",\"date\":\"2024-01-01\",\"status\":\"OK\",\"path\":\"2024-01-01/2.jpg\"}}",
                ""));
        Tracker t = new Tracker(new Journal(dir));
        assertThat(t.load()).containsExactly(C);
        CollectionSnapshot s = t.snapshot(C).orElseThrow();
        assertThat(s.listed()).as("the broken LISTED is skipped").isEqualTo(-1);
        assertThat(s.outcomes()).extracting(ImageOutcome::imageId).containsExactly("2");
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
        assertThat(t.rejectedResults()).isEqualTo(3);
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
        assertThat(restarted.record(List.of(fromH1))).as("still a finished harvest's record").isEmpty();
        assertThat(restarted.dropped()).isEqualTo(3);
        assertThat(dir.resolve(C + ".jsonl")).exists();
    }
}
