package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.archiver.tar.TarIndex;
import mapillary.archive.archiver.tar.TarNames;
import mapillary.archive.archiver.tracking.Journal;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.storage.DataDirs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A crash at every step boundary of the size-cap split, then a restarted archiver (new tracker from the journal,
 * new archiver): the collection ends as three complete items, each with its own {@code .meta}, every date tar in
 * exactly one of them, as if nothing had happened.
 */
class SplitCrashTest {

    private static final String C = "mapillary-sven-256";
    /** Part 1 holds the 15 kB log plus one 10 kB tar; parts 2 and 3 hold two and one 10 kB tars. */
    private static final long CAP = 26_000;

    @TempDir
    Path tmp;

    private DataDirs dirs;
    private Path staging;
    private RecordedEvents events;
    private final List<String> queued = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        dirs = new DataDirs(tmp);
        staging = dirs.staging(C);
        Files.createDirectories(staging);
        Files.writeString(staging.resolve("metadata.jsonl"), "{\"id\": \"1\", \"captured_at\": 1704103200000}\n");
        Files.writeString(staging.resolve("download.log.20260101-000000"), "x".repeat(15_000));
        events = new RecordedEvents();
    }

    private CollectionArchiver archiver(Tracker tracker) {
        return new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), "1.0",
                (collection, harvestId, images, failed) -> queued.add(collection + ":" + images), CAP);
    }

    private ImageResult ok(String id, String date) throws Exception {
        String rel = date + "/s/" + id + ".jpg";
        Path f = staging.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, TestImages.jpeg(64, 48, Color.GREEN));
        return new ImageResult(1, "h", C, id, date, ImageResult.Status.OK, 1, Files.size(f), rel, null, 1);
    }

    private Tracker harvested() throws Exception {
        Tracker t = new Tracker(new Journal(Journal.dir(dirs)));
        t.record(HarvestEvent.listed("h", C, "sven", Quality.Q256, false, true, 5,
                Map.of("2024-01-01", 1L, "2024-01-02", 2L, "2024-01-03", 1L, "2024-01-04", 1L)));
        t.record(List.of(ok("1", "2024-01-01"), ok("2", "2024-01-02"), ok("3", "2024-01-02"),
                ok("4", "2024-01-03"), ok("5", "2024-01-04")));
        return t;
    }

    @Test
    void withoutACrashTheCollectionIsSplitIntoThreeParts() throws Exception {
        List<String> reached = new ArrayList<>();
        CollectionArchiver a = archiver(harvested());
        a.stepHook(reached::add);

        a.process(C);

        assertThat(reached).containsExactly("planned", "tar-moved:2", "tars-moved:2", "staged:2", "tar-moved:3",
                "tars-moved:3", "staged:3", "staged:1", "moved-out:2", "moved-out:3", "moved");
        assertCompleteParts();
    }

    @ParameterizedTest
    @ValueSource(strings = {"planned", "tar-moved:2", "tars-moved:2", "staged:2", "tar-moved:3", "tars-moved:3",
            "staged:3", "staged:1", "moved-out:2", "moved-out:3", "moved"})
    void aCrashAtAnyStepOfTheSplitIsCompletedByARestart(String step) throws Exception {
        Tracker before = harvested();
        CollectionArchiver crashing = archiver(before);
        crashing.stepHook(s -> {
            if (s.equals(step)) {
                throw new IOException("crash at " + s);
            }
        });
        assertThatThrownBy(() -> crashing.process(C)).hasMessage("crash at " + step);
        before.close();
        queued.clear();

        Tracker after = new Tracker(new Journal(Journal.dir(dirs)));
        assertThat(after.load()).containsExactly(C);
        archiver(after).process(C);

        assertCompleteParts();
    }

    private void assertCompleteParts() throws Exception {
        String[] ids = {C, C + "-2", C + "-3"};
        List<String> entries = new ArrayList<>();
        List<List<String>> tarsByPart = new ArrayList<>();
        long images = 0;
        for (int k = 1; k <= 3; k++) {
            Path part = dirs.output(ids[k - 1]);
            assertThat(part).isDirectory();
            assertThat(dirs.staging(ids[k - 1])).doesNotExist();
            List<String> tars = new ArrayList<>();
            for (Path t : TarNames.existing(part, null)) {
                tars.add(t.getFileName().toString());
                entries.addAll(TarIndex.read(t).keySet());
            }
            tarsByPart.add(tars);
            Map<String, List<String>> meta = MetaWriter.read(part);
            assertThat(meta.get("part")).containsExactly(Integer.toString(k));
            assertThat(meta.get("parts")).containsExactly("3");
            assertThat(meta.get("description").get(0)).contains("This item is part " + k + " of 3.");
            images += Long.parseLong(meta.get("image_count").get(0));
            assertThat(part.resolve("metadata.jsonl.gz")).isRegularFile();
            assertThat(part.resolve(Thumbnailer.NAME)).isRegularFile();
        }
        assertThat(tarsByPart).containsExactly(List.of("2024-01-01.tar"), List.of("2024-01-02.tar", "2024-01-03.tar"),
                List.of("2024-01-04.tar"));
        assertThat(entries).doesNotHaveDuplicates().containsExactlyInAnyOrder("2024-01-01/s/1.jpg",
                "2024-01-02/s/2.jpg", "2024-01-02/s/3.jpg", "2024-01-03/s/4.jpg", "2024-01-04/s/5.jpg");
        assertThat(images).isEqualTo(5);
        assertThat(staging).doesNotExist();
        assertThat(events.of(CollectionEvent.Type.FINALISED)).singleElement()
                .satisfies(e -> assertThat(e.images()).isEqualTo(5));
        assertThat(queued).containsExactly(C + "-2:3", C + "-3:1", C + ":5");
    }
}
