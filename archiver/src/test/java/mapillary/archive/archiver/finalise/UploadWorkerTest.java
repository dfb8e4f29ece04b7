package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.ia.IaUploader;
import mapillary.archive.archiver.meta.CaptureRange;
import mapillary.archive.archiver.meta.IaMetadata;
import mapillary.archive.archiver.meta.MetaInput;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UploadWorkerTest {

    private static final String C = "mapillary-erin-256";

    @TempDir
    Path tmp;

    private FakeInternetArchive ia;
    private DataDirs dirs;
    private RecordedEvents events;

    @BeforeEach
    void setUp() throws Exception {
        ia = FakeInternetArchive.start();
        dirs = new DataDirs(tmp);
        events = new RecordedEvents();
        Path out = dirs.output(C);
        Files.createDirectories(out);
        Files.write(out.resolve("2024-01-01.tar"), new byte[10240]);
        Files.writeString(out.resolve("metadata.jsonl.gz"), "gz");
    }

    @AfterEach
    void tearDown() {
        ia.close();
    }

    private UploadWorker worker() {
        return new UploadWorker(dirs, events, new IaUploader(ia.url(), ia.s3Url(), ia.accessKey(), ia.secretKey(),
                Duration.ofMillis(10), 3), Duration.ofHours(1));
    }

    private Path marker(String suffix) {
        return dirs.root().resolve("archiver/uploads/" + C + suffix);
    }

    @Test
    void anEnqueuedCollectionIsUploadedInTheBackgroundAndReported() throws Exception {
        worker().enqueue(C, "h1", 5, 1);

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.of(CollectionEvent.Type.UPLOADED).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(events.of(CollectionEvent.Type.UPLOADED)).singleElement().satisfies(e -> {
            assertThat(e.images()).isEqualTo(5);
            assertThat(e.failed()).isEqualTo(1);
            assertThat(e.harvestId()).isEqualTo("h1");
            assertThat(e.path()).isEqualTo("output/" + C);
        });
        assertThat(ia.item(C).orElseThrow().files()).hasSize(2);
        assertThat(marker(".json")).doesNotExist();
    }

    @Test
    void anUploadKilledHalfwayResumesFromItsMarkerAndSendsOnlyWhatIsMissing() throws Exception {
        Files.createDirectories(marker(".json").getParent());
        Files.writeString(marker(".json"), "{\"collection\":\"" + C + "\",\"harvestId\":\"h1\",\"images\":5}");
        ia.putFile(C, "2024-01-01.tar", Files.readAllBytes(dirs.output(C).resolve("2024-01-01.tar")));

        worker().run(C);

        assertThat(ia.uploads()).extracting(u -> u.filename()).containsExactly("metadata.jsonl.gz");
        assertThat(events.of(CollectionEvent.Type.UPLOADED)).hasSize(1);
        assertThat(marker(".json")).doesNotExist();
    }

    @Test
    void aSpamVerdictIsReportedAndNotRetried() throws Exception {
        UploadWorker w = new UploadWorker(dirs, events, null, Duration.ofHours(1));
        w.enqueue(C, "h1", 5, 0);
        assertThat(marker(".json")).as("upload off: nothing queued").doesNotExist();

        ia.faults().spamNext(1);
        Files.createDirectories(marker(".json").getParent());
        Files.writeString(marker(".json"), "{\"collection\":\"" + C + "\",\"harvestId\":\"h1\",\"images\":5}");
        worker().run(C);

        assertThat(events.of(CollectionEvent.Type.UPLOAD_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("spam").doesNotContain("will retry"))
                .satisfies(e -> assertThat(e.continues()).as("final: no retry follows").isFalse());
        assertThat(marker(".json")).doesNotExist();
        assertThat(marker(".failed")).exists();
    }

    @Test
    void exhaustedRetriesAreReportedAsContinuingAndTheMarkerStaysForTheNextAttempt() throws Exception {
        ia.faults().slowDownNext(50);
        Files.createDirectories(marker(".json").getParent());
        Files.writeString(marker(".json"), "{\"collection\":\"" + C + "\",\"harvestId\":\"h1\",\"images\":5}");
        worker().run(C);

        assertThat(events.of(CollectionEvent.Type.UPLOAD_FAILED)).singleElement()
                .satisfies(e -> assertThat(e.continues()).as("retried later: not the last word").isTrue());
        assertThat(marker(".json")).exists();
        assertThat(marker(".failed")).doesNotExist();
    }

    @Test
    void aNewInstanceResumesAKilledUploadSendingOnlyMissingOrDifferentFilesAndFixesTheMetadata() throws Exception {
        Path out = dirs.output(C);
        Files.write(out.resolve("2024-01-02.tar"), new byte[20480]);
        Files.write(out.resolve("__ia_thumb__.jpg"), new byte[]{(byte) 0xff, (byte) 0xd8, 7});
        MetaWriter.write(out, IaMetadata.tags(new MetaInput(CollectionName.parse(C).orElseThrow(), "1.0", 5, 1,
                new CaptureRange("2024-01-01", "2024-01-02"), true)));
        // what the killed instance left: the marker, one file sent, one cut short (different MD5), an item without
        // the final metadata
        Files.createDirectories(marker(".json").getParent());
        Files.writeString(marker(".json"), "{\"collection\":\"" + C + "\",\"harvestId\":\"h1\",\"images\":5}");
        ia.putFile(C, "2024-01-01.tar", Files.readAllBytes(out.resolve("2024-01-01.tar")));
        ia.putFile(C, "2024-01-02.tar", new byte[4096]);

        UploadWorker restarted = worker();
        restarted.resumeAll();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (events.of(CollectionEvent.Type.UPLOADED).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertThat(ia.uploads()).filteredOn(u -> u.accepted()).extracting(u -> u.filename())
                .containsExactlyInAnyOrder("2024-01-02.tar", "__ia_thumb__.jpg", "metadata.jsonl.gz");
        var item = ia.item(C).orElseThrow();
        for (String f : List.of("2024-01-01.tar", "2024-01-02.tar", "__ia_thumb__.jpg", "metadata.jsonl.gz")) {
            assertThat(item.file(f).md5()).as(f).isEqualTo(HexFormat.of().formatHex(
                    MessageDigest.getInstance("MD5").digest(Files.readAllBytes(out.resolve(f)))));
        }
        assertThat(item.files()).hasSize(4);
        assertThat(item.metadata()).containsEntry("image_count", "5").containsEntry("mediatype", "data")
                .containsEntry("title", "Mapillary images by erin")
                .containsEntry("coverage", "2024-01-01 - 2024-01-02");
        assertThat(events.of(CollectionEvent.Type.UPLOADED)).hasSize(1);
        assertThat(marker(".json")).doesNotExist();
    }
}
