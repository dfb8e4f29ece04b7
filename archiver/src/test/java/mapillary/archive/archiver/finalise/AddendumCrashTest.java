package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tracking.Journal;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.storage.DataDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A forced re-harvest's merge into a finished collection, cut short by a crash at each of its step boundaries, then
 * resumed by a restarted archiver (new tracker from the journal): the collection ends exactly as after a clean merge.
 */
class AddendumCrashTest {

    private static final String C = "mapillary-tess-256";

    @TempDir
    Path tmp;

    private DataDirs dirs;
    private Path staging;
    private RecordedEvents events;

    @BeforeEach
    void setUp() {
        dirs = new DataDirs(tmp);
        staging = dirs.staging(C);
        events = new RecordedEvents();
    }

    private CollectionArchiver archiver(Tracker tracker) {
        return new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), "1.0");
    }

    private Tracker tracker() {
        return new Tracker(new Journal(Journal.dir(dirs)));
    }

    private ImageResult ok(String harvest, String id, String date) throws Exception {
        String rel = date + "/s/" + id + ".jpg";
        Path f = staging.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, TestImages.jpeg(64, 48, Color.MAGENTA));
        return new ImageResult(1, harvest, C, id, date, ImageResult.Status.OK, 1, Files.size(f), rel, null, 1);
    }

    /** The first harvest, finalised; then the forced re-harvest's files and results, ready to merge. */
    private Tracker reHarvested() throws Exception {
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"1\", \"captured_at\": 1704103200000}\n"
                + "{\"id\": \"2\", \"captured_at\": 1704189600000}\n{\"__complete__\": true}\n");
        Tracker t = tracker();
        t.record(HarvestEvent.listed("h1", C, "tess", Quality.Q256, false, true, 2,
                Map.of("2024-01-01", 1L, "2024-01-02", 1L)));
        t.record(List.of(ok("h1", "1", "2024-01-01"), ok("h1", "2", "2024-01-02")));
        archiver(t).process(C);
        assertThat(dirs.output(C).resolve("2024-01-02.tar")).exists();

        Files.createDirectories(staging);
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"1\", \"captured_at\": 1704103200000}\n"
                + "{\"id\": \"2\", \"captured_at\": 1704189600000}\n{\"id\": \"3\", \"captured_at\": 1704189600000}\n"
                + "{\"__complete__\": true}\n");
        Files.writeString(staging.resolve("download.log.20260102-000000"), "the re-harvest's log\n");
        t.record(HarvestEvent.listed("h2", C, "tess", Quality.Q256, false, true, 3,
                Map.of("2024-01-01", 1L, "2024-01-02", 2L)));
        t.record(List.of(ok("h2", "1", "2024-01-01"), ok("h2", "2", "2024-01-02"), ok("h2", "3", "2024-01-02")));
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"moved 2024-01-01", "tarred 2024-01-01", "moved 2024-01-02", "tarred 2024-01-02",
            "compressed", "metadata moved", "failed list removed", "meta written", "file moved"})
    void aCrashAtAnyStepOfTheMergeIsResumedToTheSameCollection(String step) throws Exception {
        Tracker first = reHarvested();
        String firstTar = DateTarrerTestAccess.sha256(dirs.output(C).resolve("2024-01-02.tar"));
        CollectionArchiver crashing = archiver(first);
        crashing.stepHook(reached -> {
            if (reached.equals(step)) {
                throw new IOException("crash at " + step);
            }
        });
        assertThatThrownBy(() -> crashing.process(C)).hasMessage("crash at " + step);
        first.close();

        archiver(tracker()).process(C);

        Path out = dirs.output(C);
        assertThat(staging).doesNotExist();
        assertThat(DateTarrerTestAccess.sha256(out.resolve("2024-01-02.tar"))).isEqualTo(firstTar);
        assertThat(out.resolve("2024-01-01.1.tar")).doesNotExist();
        assertThat(TarIndex.read(out.resolve("2024-01-02.1.tar"))).containsOnlyKeys("2024-01-02/s/3.jpg");
        assertThat(out.resolve("2024-01-01")).doesNotExist();
        assertThat(out.resolve("2024-01-02")).doesNotExist();
        assertThat(Files.readString(out.resolve(".meta/image_count/0"))).isEqualTo("3");
        assertThat(Files.readString(out.resolve(".meta/coverage/0"))).isEqualTo("2024-01-01 - 2024-01-02");
        assertThat(Files.readString(out.resolve("download.log.20260102-000000"))).startsWith("the re-harvest's log");
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                    .as("no temp file left").noneMatch(n -> n.startsWith("."))
                    .doesNotContain("metadata.jsonl");
        }
        assertThat(events.of(CollectionEvent.Type.FINALISED)).last()
                .satisfies(e -> assertThat(e.images()).isEqualTo(3));
        assertThat(events.of(CollectionEvent.Type.DATE_TARRED)).filteredOn(e -> "h2".equals(e.harvestId()))
                .extracting(CollectionEvent::date).containsExactly("2024-01-02");
    }
}
