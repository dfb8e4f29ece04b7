package mapillary.archive.archiver.ia;

import mapillary.archive.archiver.meta.CaptureRange;
import mapillary.archive.archiver.meta.IaMetadata;
import mapillary.archive.archiver.meta.MetaInput;
import mapillary.archive.archiver.meta.MetaWriter;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.ia.IaItem;
import mapillary.archive.testkit.ia.IaUpload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IaUploaderTest {

    private static final String ID = "mapillary-dora-2048-webp";

    @TempDir
    Path tmp;

    private FakeInternetArchive ia;
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        ia = FakeInternetArchive.start();
        dir = tmp.resolve(ID);
        Files.createDirectories(dir.resolve("2024-01-15"));
        Files.write(dir.resolve("2024-01-14.tar"), new byte[10240]);
        Files.write(dir.resolve("unknown-date.tar"), "x".repeat(20480).getBytes());
        Files.write(dir.resolve("__ia_thumb__.jpg"), new byte[]{(byte) 0xff, (byte) 0xd8, 1, 2});
        Files.writeString(dir.resolve("metadata.jsonl.gz"), "gz");
        Files.writeString(dir.resolve("failed.jsonl"), "{\"id\":\"9\"}\n");
        Files.writeString(dir.resolve("harvest.json"), "{}");
        Files.writeString(dir.resolve(".hidden.tmp"), "temp");
        MetaWriter.write(dir, IaMetadata.tags(new MetaInput(CollectionName.parse(ID).orElseThrow(), "1.2.3", 1234,
                1, new CaptureRange("2024-01-14", "2024-01-15"), true)));
        MetaWriter.write(dir, Map.of("creator", List.of("Ñikon user")));
    }

    @AfterEach
    void tearDown() {
        ia.close();
    }

    private IaUploader uploader(String secret) {
        return new IaUploader(ia.url(), ia.s3Url(), ia.accessKey(), secret, Duration.ofMillis(20), 4);
    }

    private static final List<String> ITEM_FILES = List.of("2024-01-14.tar", "__ia_thumb__.jpg", "failed.jsonl",
            "metadata.jsonl.gz", "unknown-date.tar");

    @Test
    void uploadsEveryItemFileOnceWithTheItemMetadata() throws Exception {
        UploadResult r = uploader(ia.secretKey()).upload(ID, dir);

        assertThat(r.uploaded()).isEqualTo(ITEM_FILES.size());
        assertThat(r.skipped()).isZero();
        IaItem item = ia.item(ID).orElseThrow();
        assertThat(item.files()).extracting(f -> f.name()).containsExactlyInAnyOrderElementsOf(ITEM_FILES);
        for (String f : ITEM_FILES) {
            assertThat(item.file(f).md5()).isEqualTo(HexFormat.of().formatHex(IaUploader.md5(dir.resolve(f))));
        }
        Map<String, Object> meta = item.metadata();
        assertThat(meta.get("title")).isEqualTo("Mapillary images by dora");
        assertThat(meta.get("creator")).isEqualTo("Ñikon user");
        assertThat(meta.get("subject")).isEqualTo(List.of("mapillary", "street-view", "computer-vision", "geospatial",
                "photography"));
        assertThat(meta.get("mapillary_downloader")).isEqualTo("1.2.3");
        assertThat(meta.get("image_count")).isEqualTo("1234");
        assertThat(meta.get("collection")).isEqualTo("mapillary-images");
        assertThat((String) meta.get("description")).contains("Contains 1,234 images").contains(".\n\nDownloaded");
    }

    @Test
    void sendsLowAuthNoDeriveSizeHintAndMd5AndNeverChunks() throws Exception {
        uploader(ia.secretKey()).upload(ID, dir);

        long total = 0;
        for (String f : ITEM_FILES) {
            total += Files.size(dir.resolve(f));
        }
        List<IaUpload> puts = ia.uploads();
        assertThat(puts).hasSize(ITEM_FILES.size()).allMatch(IaUpload::accepted);
        for (IaUpload u : puts) {
            assertThat(u.header("authorization")).isEqualTo("LOW " + ia.accessKey() + ":***");
            assertThat(u.header("x-archive-queue-derive")).isEqualTo("0");
            assertThat(u.header("x-archive-auto-make-bucket")).isEqualTo("1");
            assertThat(u.header("x-archive-size-hint")).isEqualTo(Long.toString(total));
            assertThat(u.header("content-md5")).isNotBlank();
            assertThat(u.header("content-length")).isEqualTo(Long.toString(u.size()));
            assertThat(u.header("transfer-encoding")).isNull();
            assertThat(u.header("x-archive-meta01-subject")).isEqualTo("mapillary");
            assertThat(u.header("x-archive-meta05-subject")).isEqualTo("photography");
            assertThat(u.header("x-archive-meta-mapillary--downloader")).isEqualTo("1.2.3");
            assertThat(u.header("x-archive-meta-creator")).isEqualTo("uri(%C3%91ikon%20user)");
        }
    }

    @Test
    void aRestartedUploadSkipsFilesAlreadyThereWithTheSameMd5() throws Exception {
        ia.putFile(ID, "2024-01-14.tar", Files.readAllBytes(dir.resolve("2024-01-14.tar")));
        ia.putFile(ID, "unknown-date.tar", "stale content".getBytes()); // same name, different bytes

        UploadResult r = uploader(ia.secretKey()).upload(ID, dir);

        assertThat(r.skipped()).isEqualTo(1);
        assertThat(r.uploaded()).isEqualTo(ITEM_FILES.size() - 1);
        assertThat(ia.uploads()).extracting(IaUpload::filename).doesNotContain("2024-01-14.tar")
                .contains("unknown-date.tar");

        UploadResult again = uploader(ia.secretKey()).upload(ID, dir);
        assertThat(again.uploaded()).isZero();
        assertThat(again.skipped()).isEqualTo(ITEM_FILES.size());
    }

    @Test
    void slowDownIsRetriedAfterAPause() throws Exception {
        ia.faults().slowDownNext(2);

        UploadResult r = uploader(ia.secretKey()).upload(ID, dir);

        assertThat(r.uploaded()).isEqualTo(ITEM_FILES.size());
        assertThat(ia.uploads()).extracting(IaUpload::errorCode).startsWith("SlowDown", "SlowDown", null);
        assertThat(ia.requests()).anyMatch(q -> q.contains("check_limit=1"));
    }

    @Test
    void aSpamVerdictStopsAtOnceWithoutRetrying() {
        ia.faults().spamNext(1);

        assertThatThrownBy(() -> uploader(ia.secretKey()).upload(ID, dir))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("spam");
                });
        assertThat(ia.uploads()).hasSize(1);
    }

    @Test
    void wrongKeysStopWithAClearErrorThatHoldsNoSecret() {
        assertThatThrownBy(() -> uploader("wrong-secret-value").upload(ID, dir))
                .isInstanceOfSatisfying(UploadException.class, e -> {
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("403").doesNotContain("wrong-secret-value")
                            .doesNotContain(ia.accessKey());
                });
        assertThat(ia.item(ID)).isEmpty();
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheAttemptsAndSayTheyMayBeRetried() {
        ia.faults().slowDownNext(100);

        assertThatThrownBy(() -> uploader(ia.secretKey()).upload(ID, dir))
                .isInstanceOfSatisfying(UploadException.class, e -> assertThat(e.retryable()).isTrue());
        assertThat(ia.uploads()).hasSize(4);
    }

    @Test
    void anItemThatAlreadyExistedGetsTheFinalMetadataThroughTheMetadataApiANewOneThroughItsFirstPut()
            throws Exception {
        uploader(ia.secretKey()).upload(ID, dir);
        assertThat(ia.requests()).noneMatch(q -> q.startsWith("ia POST"));

        ia.putItem(ID, Map.of("title", "stale", "mediatype", "data", "image_count", "7"));
        MetaWriter.write(dir, Map.of("image_count", List.of("1240")));
        UploadResult again = uploader(ia.secretKey()).upload(ID, dir);

        assertThat(again.uploaded()).as("putItem dropped the files").isEqualTo(ITEM_FILES.size());
        assertThat(ia.requests()).filteredOn(q -> q.startsWith("ia POST")).singleElement()
                .satisfies(q -> assertThat(q).contains("/metadata/" + ID));
        Map<String, Object> meta = ia.item(ID).orElseThrow().metadata();
        assertThat(meta.get("title")).isEqualTo("Mapillary images by dora");
        assertThat(meta.get("image_count")).isEqualTo("1240");
        assertThat(meta.get("subject")).isEqualTo(List.of("mapillary", "street-view", "computer-vision", "geospatial",
                "photography"));

        uploader(ia.secretKey()).upload(ID, dir);
        assertThat(ia.requests()).as("nothing differs any more").filteredOn(q -> q.startsWith("ia POST")).hasSize(1);
    }
}
