package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tracking.Journal;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.storage.DataDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollectionArchiverTest {

    private static final String C = "mapillary-carol-256";

    @TempDir
    Path tmp;

    private DataDirs dirs;
    private Path staging;
    private RecordedEvents events;

    @BeforeEach
    void setUp() throws Exception {
        dirs = new DataDirs(tmp);
        staging = dirs.staging(C);
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("metadata.jsonl"),
                "{\"id\": \"1\", \"captured_at\": 1704103200000}\n{\"id\": \"2\", \"captured_at\": 1704189600000}\n"
                        + "{\"id\": \"3\", \"captured_at\": 1704189600000}\n{\"__complete__\": true}\n");
        events = new RecordedEvents();
    }

    private Tracker tracker() {
        return new Tracker(new Journal(Journal.dir(dirs)));
    }

    private CollectionArchiver archiver(Tracker tracker) {
        return new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), "1.0");
    }

    private ImageResult ok(String id, String date) throws Exception {
        return ok("h", id, date);
    }

    private ImageResult ok(String harvestId, String id, String date) throws Exception {
        String rel = date + "/s/" + id + ".jpg";
        Path f = staging.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, TestImages.jpeg(64, 48, Color.ORANGE));
        return new ImageResult(1, harvestId, C, id, date, ImageResult.Status.OK, 1, Files.size(f), rel, null, 1);
    }

    private static HarvestEvent listed() {
        return HarvestEvent.listed("h", C, "carol", Quality.Q256, false, true, 3,
                Map.of("2024-01-01", 1L, "2024-01-02", 2L));
    }

    @Test
    void aDateIsTarredAsSoonAsItIsCompleteAndTheRestAtFinalisation() throws Exception {
        Tracker tracker = tracker();
        CollectionArchiver archiver = archiver(tracker);
        tracker.record(listed());
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02")));

        archiver.process(C);

        assertThat(staging.resolve("2024-01-01.tar")).exists();
        assertThat(staging.resolve("2024-01-01")).doesNotExist();
        assertThat(staging.resolve("2024-01-02")).isDirectory();
        assertThat(events.of(CollectionEvent.Type.DATE_TARRED)).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("staging/" + C + "/2024-01-01.tar"));

        tracker.record(List.of(ok("3", "2024-01-02")));
        archiver.process(C);

        Path out = dirs.output(C);
        assertThat(TarIndex.read(out.resolve("2024-01-02.tar"))).containsOnlyKeys("2024-01-02/s/2.jpg",
                "2024-01-02/s/3.jpg");
        assertThat(out.resolve("__ia_thumb__.jpg")).exists();
        assertThat(events.of(CollectionEvent.Type.FINALISED)).singleElement()
                .satisfies(e -> assertThat(e.images()).isEqualTo(3));
    }

    @Test
    void aRestartedArchiverFinishesFromItsJournalWithoutDuplicates() throws Exception {
        Tracker before = tracker();
        before.record(listed());
        ImageResult one = ok("1", "2024-01-01");
        ImageResult two = ok("2", "2024-01-02");
        before.record(List.of(one, two));
        archiver(before).process(C);   // 2024-01-01 tarred early
        before.close();                // "crash": only the journal and the files survive

        Tracker after = tracker();
        after.record(List.of(one, two, ok("3", "2024-01-02"))); // redelivered after the restart, plus the last one
        archiver(after).process(C);

        Path out = dirs.output(C);
        assertThat(out.resolve("2024-01-01.1.tar")).doesNotExist();
        assertThat(TarIndex.read(out.resolve("2024-01-01.tar"))).containsOnlyKeys("2024-01-01/s/1.jpg");
        CollectionEvent fin = events.of(CollectionEvent.Type.FINALISED).get(0);
        assertThat(fin.images()).isEqualTo(3);
        assertThat(fin.failed()).isZero();
        assertThat(Files.readString(out.resolve(".meta/image_count/0"))).isEqualTo("3");
    }

    @Test
    void anOkImageWhoseFileIsGoneIsCountedAsFailedNotArchived() throws Exception {
        Files.writeString(staging.resolve("download.log.20260101-000000"), "older run\n");
        Files.writeString(staging.resolve("download.log.20260102-000000"), "2026-01-02 00:00:00 [INFO] harvester\n");
        Tracker tracker = tracker();
        tracker.record(listed());
        ImageResult three = ok("3", "2024-01-02");
        Files.delete(staging.resolve(three.path()));
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), three));

        archiver(tracker).process(C);

        Path out = dirs.output(C);
        assertThat(Files.readString(out.resolve(".meta/image_count/0"))).isEqualTo("2");
        assertThat(Files.readString(out.resolve(".meta/failed_count/0"))).isEqualTo("1");
        assertThat(Json.MAPPER.readTree(Files.readAllLines(out.resolve("failed.jsonl")).get(0)).get("reason").asText())
                .startsWith("file missing");
        assertThat(Files.readAllLines(out.resolve("download.log.20260101-000000"))).containsExactly("older run");
        assertThat(Files.readAllLines(out.resolve("download.log.20260102-000000")))
                .startsWith("2026-01-02 00:00:00 [INFO] harvester")
                .anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[WARNING] Failed to download 3: file missing.*"))
                .anyMatch(l -> l.contains("[INFO] Tarred date '2024-01-02': 1 files"))
                .anyMatch(l -> l.contains("Collection is partial: 1 images failed for good"));
    }

    @Test
    void anExistingNoTarDestinationIsNeverOverwritten() throws Exception {
        Path out = dirs.output(C);
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "precious");
        Tracker tracker = tracker();
        tracker.record(HarvestEvent.listed("h", C, "carol", Quality.Q256, false, false, 3,
                Map.of("2024-01-01", 1L, "2024-01-02", 2L)));
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), ok("3", "2024-01-02")));

        archiver(tracker).process(C);

        assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("precious");
        assertThat(staging).isDirectory();
        assertThat(events.of(CollectionEvent.Type.FINALISED)).isEmpty();
        assertThat(tracker.snapshot(C)).as("still tracked, for a later retry").isPresent();
    }

    @Test
    void aForcedReHarvestOfAFinishedCollectionAddsOnlyWhatIsMissingAsAddenda() throws Exception {
        Tracker tracker = tracker();
        tracker.record(HarvestEvent.listed("h", C, "carol", Quality.Q256, false, true, 2,
                Map.of("2024-01-01", 1L, "2024-01-02", 1L)));
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02")));
        archiver(tracker).process(C);
        Path out = dirs.output(C);
        String firstTar = DateTarrerTestAccess.sha256(out.resolve("2024-01-02.tar"));

        // force: a fresh staging with everything downloaded again plus one new image
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"1\", \"captured_at\": 1704103200000}\n"
                + "{\"id\": \"2\", \"captured_at\": 1704189600000}\n{\"id\": \"3\", \"captured_at\": 1704189600000}\n");
        tracker.record(HarvestEvent.listed("h2", C, "carol", Quality.Q256, false, true, 3,
                Map.of("2024-01-01", 1L, "2024-01-02", 2L)));
        tracker.record(List.of(ok("h2", "1", "2024-01-01"), ok("h2", "2", "2024-01-02"), ok("h2", "3", "2024-01-02")));
        archiver(tracker).process(C);

        assertThat(staging).doesNotExist();
        assertThat(DateTarrerTestAccess.sha256(out.resolve("2024-01-02.tar"))).isEqualTo(firstTar);
        assertThat(out.resolve("2024-01-01.1.tar")).doesNotExist();
        assertThat(TarIndex.read(out.resolve("2024-01-02.1.tar"))).containsOnlyKeys("2024-01-02/s/3.jpg");
        assertThat(out.resolve("2024-01-02")).doesNotExist();
        assertThat(Files.readString(out.resolve(".meta/image_count/0"))).isEqualTo("3");
        assertThat(Files.readString(out.resolve(".meta/coverage/0"))).isEqualTo("2024-01-01 - 2024-01-02");
        assertThat(events.of(CollectionEvent.Type.FINALISED)).hasSize(2).last()
                .satisfies(e -> assertThat(e.images()).isEqualTo(3));
    }

    @Test
    void aCrashAfterTheMoveReportsTheCollectionOnRestart() throws Exception {
        Tracker tracker = tracker();
        tracker.record(listed());
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), ok("3", "2024-01-02")));
        Files.createDirectories(dirs.output(C).getParent());
        Files.move(staging, dirs.output(C)); // moved, then the archiver died before FINALISED

        archiver(tracker).process(C);

        assertThat(events.of(CollectionEvent.Type.FINALISED)).singleElement()
                .satisfies(e -> assertThat(e.images()).isEqualTo(3));
        assertThat(tracker.snapshot(C)).isEmpty();
    }

    @Test
    void aCollectionPastTheItemCapContinuesInNumberedPartsWithoutSplittingADate() throws Exception {
        Tracker tracker = tracker();
        List<String> queued = new java.util.ArrayList<>();
        CollectionArchiver archiver = new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), "1.0",
                (collection, harvestId, images, failed) -> queued.add(collection + ":" + images), 12_000);
        tracker.record(listed());
        tracker.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), ok("3", "2024-01-02")));

        archiver.process(C);

        Path one = dirs.output(C);
        Path two = dirs.output(C + "-2");
        assertThat(TarIndex.read(one.resolve("2024-01-01.tar"))).containsOnlyKeys("2024-01-01/s/1.jpg");
        assertThat(one.resolve("2024-01-02.tar")).doesNotExist();
        assertThat(TarIndex.read(two.resolve("2024-01-02.tar"))).containsOnlyKeys("2024-01-02/s/2.jpg",
                "2024-01-02/s/3.jpg");
        assertThat(two.resolve("metadata.jsonl.gz")).exists();
        assertThat(two.resolve("__ia_thumb__.jpg")).exists();
        assertThat(dirs.staging(C + "-2")).doesNotExist();
        assertThat(Files.readString(one.resolve(".meta/image_count/0"))).isEqualTo("1");
        assertThat(Files.readString(two.resolve(".meta/image_count/0"))).isEqualTo("2");
        assertThat(Files.readString(two.resolve(".meta/coverage/0"))).isEqualTo("2024-01-02 - 2024-01-02");
        assertThat(Files.readString(two.resolve(".meta/description/0"))).contains("Contains 2 images")
                .contains("This item is part 2 of 2.");
        assertThat(Files.readString(two.resolve(".meta/part/0"))).isEqualTo("2");
        assertThat(Files.readString(one.resolve(".meta/parts/0"))).isEqualTo("2");
        assertThat(events.of(CollectionEvent.Type.FINALISED)).singleElement()
                .satisfies(e -> assertThat(e.images()).isEqualTo(3));
        assertThat(queued).containsExactly(C + "-2:2", C + ":3");
    }

    @Test
    void resultsWithHostilePathsAreCountedAsFailedAndNothingOutsideTheCollectionIsRead() throws Exception {
        Path outside = tmp.resolve("outside/2024-01-02/s/9.jpg");
        Files.createDirectories(outside.getParent());
        Files.write(outside, TestImages.jpeg(8, 8, Color.BLACK));
        byte[] before = Files.readAllBytes(outside);
        Tracker tracker = tracker();
        tracker.record(HarvestEvent.listed("h", C, "carol", Quality.Q256, false, true, 4,
                Map.of("2024-01-01", 1L, "2024-01-02", 3L)));
        tracker.record(List.of(ok("1", "2024-01-01"),
                hostile("2", "2024-01-02/../../../outside/2024-01-02/s/9.jpg"),
                hostile("3", outside.toAbsolutePath().toString()),
                hostile("4", "2024-01-02/s/4\u0000.jpg")));

        archiver(tracker).process(C);

        Path out = dirs.output(C);
        assertThat(events.of(CollectionEvent.Type.FINALISED)).singleElement().satisfies(e -> {
            assertThat(e.images()).isEqualTo(1);
            assertThat(e.failed()).isEqualTo(3);
        });
        assertThat(Files.readAllLines(out.resolve("failed.jsonl")))
                .extracting(l -> Json.MAPPER.readTree(l).get("id").asText()).containsExactly("2", "3", "4");
        assertThat(Files.readString(out.resolve(".meta/image_count/0"))).isEqualTo("1");
        assertThat(out.resolve("2024-01-02.tar")).doesNotExist();
        assertThat(TarIndex.read(out.resolve("2024-01-01.tar"))).containsOnlyKeys("2024-01-01/s/1.jpg");
        assertThat(Files.readAllBytes(outside)).isEqualTo(before);
        try (var s = Files.walk(tmp.resolve("outside"))) {
            assertThat(s.filter(Files::isRegularFile).toList()).containsExactly(outside);
        }
    }

    private static ImageResult hostile(String id, String path) {
        return new ImageResult(1, "h", C, id, "2024-01-02", ImageResult.Status.OK, 1, 100, path, null, 1);
    }

    @Test
    void resultsRedeliveredAfterTheCollectionIsFinalisedAreDroppedWithoutAStrayJournal() throws Exception {
        Tracker tracker = tracker();
        tracker.record(listed());
        List<ImageResult> results = List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), ok("3", "2024-01-02"));
        tracker.record(results);
        archiver(tracker).process(C);
        assertThat(events.of(CollectionEvent.Type.FINALISED)).hasSize(1);
        tracker.close();

        // a crash before the offsets were committed: a new archiver gets everything again
        Tracker restarted = tracker();
        assertThat(restarted.record(listed())).isFalse();
        assertThat(restarted.record(results)).isEmpty();
        archiver(restarted).process(C);

        assertThat(restarted.dropped()).isEqualTo(4);
        assertThat(restarted.snapshot(C)).isEmpty();
        assertThat(Journal.dir(dirs).resolve(C + ".jsonl")).doesNotExist();
        assertThat(restarted.load()).isEmpty();
        assertThat(staging).doesNotExist();
        assertThat(events.of(CollectionEvent.Type.FINALISED)).hasSize(1);

        // a new harvest of the same collection (force) is still tracked
        assertThat(restarted.record(HarvestEvent.started("h2", C, "carol", Quality.Q256, false, true))).isTrue();
        assertThat(restarted.snapshot(C)).isPresent();
    }
}
