package mapillary.archive.fetcher.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.fetcher.download.CdnDownloader;
import mapillary.archive.fetcher.download.GraphUrlRefresher;
import mapillary.archive.common.http.RequestPacer;
import mapillary.archive.fetcher.image.ExifWriter;
import mapillary.archive.fetcher.image.WebpConverter;
import mapillary.archive.fetcher.support.Listing;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.RequestLog;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.apache.commons.imaging.Imaging;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** One task to one result and one file, against the fake CDN. */
class ImageFetcherTest {

    private static final String USER = "fetch-user";
    private static FakeMapillary fake;
    private static HttpClient http;
    private static List<ObjectNode> records;

    @TempDir
    Path data;

    private ImageFetcher fetcher;

    @BeforeAll
    static void start() {
        fake = FakeMapillary.start();
        fake.addUser(SyntheticUser.generate(USER, 40, 11));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        records = Listing.records(fake, USER, Quality.Q256, 40);
    }

    @AfterAll
    static void stop() {
        http.close();
        fake.close();
    }

    @BeforeEach
    void setUp() {
        fake.reset();
        Backoff quick = new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50), true);
        GraphUrlRefresher refresher = new GraphUrlRefresher(http, fake.apiUrl(), Optional.of(fake.token()),
                RequestPacer.perSecond(100), quick, Duration.ofSeconds(10), Json.MAPPER);
        fetcher = new ImageFetcher(data.resolve("staging"), new CdnDownloader(http, quick, Duration.ofSeconds(10),
                refresher, 2), new ExifWriter(), new WebpConverter("cwebp", 2), FetchListener.NONE);
    }

    private static ObjectNode withSequenceAndTime() {
        return records.stream().filter(r -> r.hasNonNull("sequence") && r.path("captured_at").asLong() > 0)
                .filter(r -> !r.path("is_pano").asBoolean()).findFirst().orElseThrow().deepCopy();
    }

    private static ImageTask task(String collection, boolean webp, ObjectNode record) {
        return ImageTask.of("h-1", collection, Quality.Q256, webp, record);
    }

    @Test
    void aJpegIsWrittenAtItsDatePathWithExifAndCaptureMtime() throws Exception {
        ObjectNode r = withSequenceAndTime();
        String id = r.get("id").asText();
        ImageResult result = fetcher.fetch(task("mapillary-" + USER + "-256", false, r));

        assertThat(result.status()).isEqualTo(ImageResult.Status.OK);
        String date = java.time.Instant.ofEpochMilli(r.get("captured_at").asLong()).atZone(java.time.ZoneOffset.UTC)
                .toLocalDate().toString();
        assertThat(result.date()).isEqualTo(date);
        assertThat(result.path()).isEqualTo(date + "/" + r.get("sequence").asText() + "/" + id + ".jpg");
        assertThat(result.attempts()).isEqualTo(1);
        Path file = data.resolve("staging/mapillary-" + USER + "-256").resolve(result.path());
        assertThat(file).isRegularFile();
        assertThat(result.fileBytes()).isEqualTo(Files.size(file));
        assertThat(result.bytes()).isEqualTo(fake.imageBytes(id, "256").length);
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(r.get("captured_at").asLong());
        String utc = java.time.format.DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(r.get("captured_at").asLong()));
        assertThat(Imaging.getMetadata(Files.readAllBytes(file)).toString())
                .contains("DateTimeOriginal: '" + utc + "'").contains("(0x9011): '+00:00'");
        assertThat(onlyFinalFiles(file.getParent())).containsExactly(file.getFileName().toString());
    }

    @Test
    void webpTasksLeaveOnlyTheWebp() throws Exception {
        ObjectNode r = withSequenceAndTime();
        ImageResult result = fetcher.fetch(task("mapillary-" + USER + "-256-webp", true, r));
        assertThat(result.status()).isEqualTo(ImageResult.Status.OK);
        assertThat(result.path()).endsWith("/" + r.get("id").asText() + ".webp");
        Path file = data.resolve("staging/mapillary-" + USER + "-256-webp").resolve(result.path());
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        assertThat(Files.getLastModifiedTime(file).toMillis()).isEqualTo(r.get("captured_at").asLong());
        try (Stream<Path> all = Files.list(file.getParent())) {
            assertThat(all.map(p -> p.getFileName().toString())).containsExactly(file.getFileName().toString());
        }
    }

    @Test
    void aRedeliveredTaskIsNotDownloadedAgainAndStillOk() throws Exception {
        ObjectNode r = withSequenceAndTime();
        ImageTask task = task("mapillary-" + USER + "-256", false, r);
        ImageResult first = fetcher.fetch(task);
        long cdn = fake.requests().count(RequestLog.Endpoint.CDN);
        ImageResult again = fetcher.fetch(task);
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isEqualTo(cdn);
        assertThat(again.status()).isEqualTo(ImageResult.Status.OK);
        assertThat(again.path()).isEqualTo(first.path());
        assertThat(again.fileBytes()).isEqualTo(first.fileBytes());
    }

    @Test
    void hostileIdsAndSequencesFailAndWriteNothing() throws Exception {
        ObjectNode a = withSequenceAndTime().put("id", "../../../evil");
        ObjectNode b = withSequenceAndTime().put("sequence", "../x");
        ImageResult ra = fetcher.fetch(task("mapillary-" + USER + "-256", false, a));
        ImageResult rb = fetcher.fetch(task("mapillary-" + USER + "-256", false, b));
        assertThat(ra.status()).isEqualTo(ImageResult.Status.FAILED);
        assertThat(ra.reason()).isEqualTo("unsafe image id: \"../../../evil\"");
        assertThat(rb.reason()).isEqualTo("unsafe sequence: \"../x\"");
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isZero();
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void anInvalidCollectionFails() throws Exception {
        ImageResult r = fetcher.fetch(task("../../tmp", false, withSequenceAndTime()));
        assertThat(r.status()).isEqualTo(ImageResult.Status.FAILED);
        assertThat(r.reason()).startsWith("invalid collection name");
        assertThat(data).isEmptyDirectory();
    }

    @Test
    void aRecordWithoutUrlFailsWithTheOriginalsReason() throws Exception {
        ObjectNode r = withSequenceAndTime();
        r.remove(Quality.Q256.urlField());
        ImageResult result = fetcher.fetch(task("mapillary-" + USER + "-256", false, r));
        assertThat(result.reason()).isEqualTo("No 256 URL");
    }

    @Test
    void aGoneImageFailsWithItsReasonAndLeavesNoTempFile() throws Exception {
        ObjectNode r = withSequenceAndTime();
        fake.faults().notFound(r.get("id").asText());
        ImageResult result = fetcher.fetch(task("mapillary-" + USER + "-256", false, r));
        assertThat(result.status()).isEqualTo(ImageResult.Status.FAILED);
        assertThat(result.reason()).isEqualTo("HTTP 404 from CDN (image gone)");
        assertThat(result.attempts()).isEqualTo(1);
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void anImageAboveTheSizeLimitFailsAsTooLargeWithoutRetryOrFile() throws Exception {
        ObjectNode r = withSequenceAndTime();
        Backoff quick = new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50), true);
        ImageFetcher limited = new ImageFetcher(data.resolve("staging"), new CdnDownloader(http, quick,
                Duration.ofSeconds(10), (id, q) -> { throw new IllegalStateException("unused"); }, 0, 512),
                new ExifWriter(), new WebpConverter("cwebp", 2), FetchListener.NONE);
        fake.requests().clear();
        ImageResult result = limited.fetch(task("mapillary-" + USER + "-256", false, r));
        assertThat(result.status()).isEqualTo(ImageResult.Status.FAILED);
        assertThat(result.reason()).startsWith("too-large: ");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isEqualTo(1);
        try (Stream<Path> files = Files.walk(data)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void panoramasGetXmpAndUnknownDatesTheirDirectory() throws Exception {
        ObjectNode pano = records.stream().filter(r -> r.path("is_pano").asBoolean()).findFirst().orElseThrow()
                .deepCopy();
        pano.putNull("captured_at");
        ImageResult result = fetcher.fetch(task("mapillary-" + USER + "-256", false, pano));
        assertThat(result.status()).isEqualTo(ImageResult.Status.OK);
        assertThat(result.date()).isEqualTo("unknown-date");
        assertThat(result.path()).startsWith("unknown-date/");
        byte[] bytes = Files.readAllBytes(data.resolve("staging/mapillary-" + USER + "-256").resolve(result.path()));
        assertThat(Imaging.getXmpXml(bytes)).contains("GPano:ProjectionType=\"equirectangular\"");
    }

    private static List<String> onlyFinalFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
