package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.ia.IaUploader;
import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.tracking.Journal;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.ia.IaFile;
import mapillary.archive.testkit.ia.IaItem;
import mapillary.archive.testkit.ia.IaUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Incremental upload against the fake IA: each date's tar goes up as soon as it is made, while the collection is
 * still open, into the item (part) its date belongs to; finalisation uploads the rest, skips what is there, and
 * applies the final metadata, so the item ends exactly as a non-incremental upload leaves it.
 */
class IncrementalUploadTest {

    private static final String C = "mapillary-ines-256";
    private static final Map<String, Long> TWO_DATES = Map.of("2024-01-01", 1L, "2024-01-02", 2L);

    @TempDir
    Path tmp;

    private final List<FakeInternetArchive> fakes = new ArrayList<>();

    @AfterEach
    void tearDown() {
        fakes.forEach(FakeInternetArchive::close);
    }

    /** One archiver with its own data dir and fake IA. */
    private final class Run {
        final FakeInternetArchive ia = FakeInternetArchive.start();
        final DataDirs dirs;
        final RecordedEvents events = new RecordedEvents();
        final Tracker tracker;
        final CollectionArchiver archiver;

        Run(String name, boolean incremental, long cap, Map<String, Long> listed) throws Exception {
            fakes.add(ia);
            dirs = new DataDirs(tmp.resolve(name));
            Files.createDirectories(dirs.staging(C));
            Files.writeString(dirs.staging(C).resolve("metadata.jsonl"),
                    "{\"id\": \"1\", \"captured_at\": 1704103200000}\n{\"id\": \"2\", \"captured_at\": 1704189600000}\n"
                            + "{\"id\": \"3\", \"captured_at\": 1704189600000}\n{\"__complete__\": true}\n");
            tracker = new Tracker(new Journal(Journal.dir(dirs)));
            UploadWorker uploads = new UploadWorker(dirs, events, new IaUploader(ia.url(), ia.s3Url(), ia.accessKey(),
                    ia.secretKey(), Duration.ofMillis(10), 3), Duration.ofHours(1), incremental);
            archiver = new CollectionArchiver(dirs, tracker, events, new Thumbnailer("dwebp"), "1.0", uploads, cap);
            tracker.record(HarvestEvent.listed("h", C, "ines", Quality.Q256, false, true,
                    listed.values().stream().mapToLong(Long::longValue).sum(), listed));
        }

        void arrive(String id, String date) throws Exception {
            String rel = date + "/s/" + id + ".jpg";
            Path f = dirs.staging(C).resolve(rel);
            Files.createDirectories(f.getParent());
            Files.write(f, TestImages.jpeg(64, 48, Color.BLUE));
            Files.setLastModifiedTime(f, FileTime.fromMillis(1704103200000L + Long.parseLong(id) * 1000));
            tracker.record(List.of(new ImageResult(1, "h", C, id, date, ImageResult.Status.OK, 1, Files.size(f), rel,
                    null, 1)));
            archiver.process(C);
        }

        boolean finalised() {
            return !events.of(CollectionEvent.Type.FINALISED).isEmpty();
        }

        IaItem item(String id) {
            return ia.item(id).orElseThrow(() -> new AssertionError("no IA item " + id));
        }

        List<String> acceptedPuts() {
            return ia.uploads().stream().filter(IaUpload::accepted).map(u -> u.identifier() + "/" + u.filename())
                    .toList();
        }
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void eachDateIsUploadedWhileTheCollectionIsOpenAndTheItemEndsAsANonIncrementalOne() throws Exception {
        Run inc = new Run("inc", true, Long.MAX_VALUE, TWO_DATES);
        inc.arrive("1", "2024-01-01");
        inc.arrive("2", "2024-01-02");

        await("the early tar on IA", () -> inc.ia.item(C).map(i -> i.file("2024-01-01.tar") != null).orElse(false));
        assertThat(inc.finalised()).isFalse();
        assertThat(inc.dirs.staging(C)).isDirectory();
        IaUpload first = inc.ia.uploads().get(0);
        assertThat(first.filename()).isEqualTo("2024-01-01.tar");
        assertThat(first.header("x-archive-auto-make-bucket")).isEqualTo("1");
        assertThat(first.header("x-archive-meta-mediatype")).isEqualTo("data");
        Map<String, Object> early = inc.item(C).metadata();
        assertThat(early).containsEntry("title", "Mapillary images by ines").containsEntry("mediatype", "data")
                .containsEntry("collection", "mapillary-images").containsEntry("mapillary_user", "ines")
                .doesNotContainKeys("image_count", "mapillary_downloader", "description", "coverage");

        inc.arrive("3", "2024-01-02");
        await("UPLOADED", () -> !inc.events.of(CollectionEvent.Type.UPLOADED).isEmpty());

        Run plain = new Run("plain", false, Long.MAX_VALUE, TWO_DATES);
        plain.arrive("1", "2024-01-01");
        plain.arrive("2", "2024-01-02");
        assertThat(plain.ia.uploads()).as("not incremental: nothing before finalisation").isEmpty();
        plain.arrive("3", "2024-01-02");
        await("UPLOADED", () -> !plain.events.of(CollectionEvent.Type.UPLOADED).isEmpty());

        assertThat(inc.acceptedPuts()).doesNotHaveDuplicates();
        IaItem a = inc.item(C);
        IaItem b = plain.item(C);
        assertThat(names(a)).isEqualTo(names(b)).contains("2024-01-01.tar", "2024-01-02.tar", "metadata.jsonl.gz");
        assertThat(a.file("2024-01-01.tar").md5()).isEqualTo(b.file("2024-01-01.tar").md5());
        assertThat(a.file("2024-01-02.tar").md5()).isEqualTo(b.file("2024-01-02.tar").md5());
        assertThat(withoutTimes(a.metadata())).isEqualTo(withoutTimes(b.metadata()))
                .containsEntry("image_count", "3").containsEntry("mapillary_downloader", "1.0");
    }

    @Test
    void anEarlyTarGoesToThePartItsDateIsPlacedInAndStaysThere() throws Exception {
        Run inc = new Run("parts", true, 12_000, Map.of("2024-01-01", 1L, "2024-01-02", 2L, "2024-01-03", 1L));
        inc.arrive("2", "2024-01-02");
        inc.arrive("3", "2024-01-02"); // complete first: placed in part 1
        inc.arrive("4", "2024-01-03"); // would take part 1 past the cap: placed in part 2
        await("the early tars", () -> inc.ia.item(C + "-2").map(i -> i.file("2024-01-03.tar") != null)
                .orElse(false) && inc.ia.item(C).map(i -> i.file("2024-01-02.tar") != null).orElse(false));
        assertThat(inc.finalised()).isFalse();

        inc.arrive("1", "2024-01-01"); // the last image: placed at finalisation, in a third part
        await("UPLOADED of three items", () -> inc.events.of(CollectionEvent.Type.UPLOADED).size() >= 3);

        assertThat(inc.acceptedPuts()).doesNotHaveDuplicates()
                .contains(C + "/2024-01-02.tar", C + "-2/2024-01-03.tar", C + "-3/2024-01-01.tar");
        assertThat(tars(inc.item(C))).containsExactly("2024-01-02.tar");
        assertThat(tars(inc.item(C + "-2"))).containsExactly("2024-01-03.tar");
        assertThat(tars(inc.item(C + "-3"))).containsExactly("2024-01-01.tar");
        assertThat(inc.item(C).metadata()).containsEntry("part", "1").containsEntry("parts", "3")
                .containsEntry("image_count", "2");
        assertThat(inc.item(C + "-2").metadata()).containsEntry("part", "2").containsEntry("image_count", "1")
                .containsEntry("coverage", "2024-01-03 - 2024-01-03");
        assertThat(inc.item(C + "-3").metadata()).containsEntry("part", "3").containsEntry("image_count", "1");
    }

    private static List<String> names(IaItem item) {
        return item.files().stream().map(IaFile::name).map(n -> n.replaceFirst("^download\\.log\\..*", "download.log"))
                .sorted().toList();
    }

    private static List<String> tars(IaItem item) {
        return item.files().stream().map(IaFile::name).filter(n -> n.endsWith(".tar")).toList();
    }

    private static Map<String, Object> withoutTimes(Map<String, Object> metadata) {
        Map<String, Object> m = new HashMap<>(metadata);
        m.keySet().removeAll(List.of("addeddate", "publicdate"));
        return m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
