package mapillary.archive.fetcher.download;

import mapillary.archive.common.http.RequestPacer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.fetcher.support.Listing;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.Faults;
import mapillary.archive.testkit.mapillary.RequestLog;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The download retry rules against the fake CDN with injected faults. */
class CdnDownloaderTest {

    private static final Backoff QUICK = new Backoff(3, Duration.ofMillis(10), Duration.ofMillis(50), true);
    private static FakeMapillary fake;
    private static HttpClient http;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        fake = FakeMapillary.start();
        fake.addUser(SyntheticUser.generate("dl-user", 50, 7));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        http.close();
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    private ObjectNode record(int index) {
        return Listing.records(fake, "dl-user", Quality.Q256, index + 1).get(index);
    }

    private static String url(ObjectNode r) {
        return r.get(Quality.Q256.urlField()).asText();
    }

    private CdnDownloader downloader(Optional<String> token) {
        GraphUrlRefresher refresher = new GraphUrlRefresher(http, fake.apiUrl(), token, RequestPacer.perSecond(100),
                QUICK, Duration.ofSeconds(10), Json.MAPPER);
        return new CdnDownloader(http, QUICK, Duration.ofSeconds(10), refresher, 2);
    }

    private DownloadResult download(ObjectNode r, Path target) throws InterruptedException {
        return downloader(Optional.of(fake.token())).download(r.get("id").asText(), Quality.Q256, url(r), target);
    }

    @Test
    void downloadsTheExactBytesWithoutSendingAnyAuthorizationToTheCdn() throws Exception {
        ObjectNode r = record(0);
        fake.requests().clear();
        Path target = dir.resolve("a.jpg");
        DownloadResult result = download(r, target);
        assertThat(result).isEqualTo(new DownloadResult.Ok(Files.size(target), 1));
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
        assertThat(fake.requests().entries(RequestLog.Endpoint.CDN)).isNotEmpty()
                .allSatisfy(e -> assertThat(e.carriedToken()).isFalse());
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        ObjectNode r = record(1);
        fake.faults().failNextCdnRequests(2, 503);
        DownloadResult result = download(r, dir.resolve("b.jpg"));
        assertThat(result).isInstanceOf(DownloadResult.Ok.class);
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void rateLimitAndRequestTimeoutAnswersAreRetried() throws Exception {
        ObjectNode r = record(1);
        fake.faults().failNextCdnRequests(1, 429);
        assertThat(download(r, dir.resolve("c.jpg")).attempts()).isEqualTo(2);
        fake.faults().failNextCdnRequests(1, 408);
        assertThat(download(r, dir.resolve("c.jpg"))).isInstanceOf(DownloadResult.Ok.class);
    }

    @Test
    void persistentServerErrorsFailAfterTheLastAttemptWithAReason() throws Exception {
        ObjectNode r = record(2);
        fake.faults().failNextCdnRequests(10, 500);
        DownloadResult result = download(r, dir.resolve("d.jpg"));
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        assertThat(((DownloadResult.Failed) result).reason())
                .isEqualTo("download failed after 3 attempts: HTTP 500 from CDN");
        assertThat(result.attempts()).isEqualTo(3);
    }

    @Test
    void aConnectionClosedBeforeContentLengthIsRetried() throws Exception {
        ObjectNode r = record(3);
        fake.faults().truncateNextCdn(1, Faults.TruncateMode.CLOSE_EARLY);
        Path target = dir.resolve("e.jpg");
        DownloadResult result = download(r, target);
        assertThat(result).isInstanceOf(DownloadResult.Ok.class);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
    }

    @Test
    void aJpegWithoutEndMarkerIsRetried() throws Exception {
        ObjectNode r = record(4);
        fake.faults().truncateNextCdn(1, Faults.TruncateMode.SHORT_BODY);
        Path target = dir.resolve("f.jpg");
        DownloadResult result = download(r, target);
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
    }

    @Test
    void alwaysTruncatedBodiesFailWithAReason() throws Exception {
        ObjectNode r = record(4);
        fake.faults().truncateNextCdn(5, Faults.TruncateMode.SHORT_BODY);
        DownloadResult result = download(r, dir.resolve("g.jpg"));
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        assertThat(((DownloadResult.Failed) result).reason()).contains("truncated JPEG");
    }

    @Test
    void notFoundAndGoneFailFast() throws Exception {
        ObjectNode a = record(5);
        ObjectNode b = record(6);
        fake.faults().notFound(a.get("id").asText()).gone(b.get("id").asText());
        fake.requests().clear();
        DownloadResult ra = download(a, dir.resolve("h.jpg"));
        DownloadResult rb = download(b, dir.resolve("i.jpg"));
        assertThat(ra).isEqualTo(new DownloadResult.Failed("HTTP 404 from CDN (image gone)", 1));
        assertThat(rb).isEqualTo(new DownloadResult.Failed("HTTP 410 from CDN (image gone)", 1));
        // count only these two images: a slow request of an earlier test may still be logged meanwhile
        assertThat(fake.requests().entries(RequestLog.Endpoint.CDN).stream()
                .filter(e -> e.path().contains(a.get("id").asText()) || e.path().contains(b.get("id").asText())))
                .as("one request each, no retry").hasSize(2);
    }

    @Test
    void otherClientErrorsAreNotRetried() throws Exception {
        ObjectNode r = record(7);
        String tampered = url(r).replaceAll("oh=[0-9a-f]", "oh=z");
        fake.requests().clear();
        DownloadResult result = downloader(Optional.of(fake.token()))
                .download(r.get("id").asText(), Quality.Q256, tampered, dir.resolve("j.jpg"));
        assertThat(result).isEqualTo(new DownloadResult.Failed("HTTP 403 from CDN", 1));
        assertThat(fake.requests().entries(RequestLog.Endpoint.CDN).stream()
                .filter(e -> e.path().contains(r.get("id").asText())))
                .as("one request, no retry").hasSize(1);
    }

    @Test
    void anExpiredUrlIsRefreshedThroughTheApiWithTheTokenAndRetried() throws Exception {
        ObjectNode r = record(8);
        fake.faults().expireAllUrlsNow();
        fake.requests().clear();
        Path target = dir.resolve("k.jpg");
        DownloadResult result = download(r, target);
        assertThat(result).isInstanceOf(DownloadResult.Ok.class);
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
        assertThat(fake.requests().entries(RequestLog.Endpoint.ENTITY)).singleElement().satisfies(e -> {
            assertThat(e.authorizationHeader()).isTrue();
            assertThat(e.path()).endsWith("/" + r.get("id").asText());
            assertThat(e.query()).isEqualTo("fields=thumb_256_url");
        });
        assertThat(fake.requests().entries(RequestLog.Endpoint.CDN))
                .allSatisfy(e -> assertThat(e.carriedToken()).isFalse())
                .extracting(RequestLog.Entry::status).containsExactly(403, 200);
    }

    @Test
    void anExpiredUrlWithoutATokenFailsWithAReadableReason() throws Exception {
        ObjectNode r = record(9);
        fake.faults().expireAllUrlsNow();
        DownloadResult result = downloader(Optional.empty())
                .download(r.get("id").asText(), Quality.Q256, url(r), dir.resolve("l.jpg"));
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        assertThat(((DownloadResult.Failed) result).reason())
                .isEqualTo("URL signature expired; refresh failed: no MAPILLARY_TOKEN to refresh the URL")
                .doesNotContain(fake.token());
    }

    @Test
    void timeoutsAreRetried() throws Exception {
        ObjectNode r = record(10);
        fake.faults().cdnLatency(Duration.ofMillis(1500));
        CdnDownloader slow = new CdnDownloader(http, QUICK, Duration.ofMillis(300),
                (id, q) -> { throw new UrlRefresher.RefreshFailedException("unused"); }, 0);
        DownloadResult result = slow.download(r.get("id").asText(), Quality.Q256, url(r), dir.resolve("m.jpg"));
        assertThat(result).isEqualTo(new DownloadResult.Failed("download failed after 3 attempts: timeout", 3));
    }

    private DownloadResult downloadLimited(ObjectNode r, Path target, long maxBytes) throws InterruptedException {
        CdnDownloader limited = new CdnDownloader(http, QUICK, Duration.ofSeconds(10),
                (id, q) -> { throw new UrlRefresher.RefreshFailedException("unused"); }, 0, maxBytes);
        return limited.download(r.get("id").asText(), Quality.Q256, url(r), target);
    }

    @Test
    void aBodyAboveTheLimitByContentLengthFailsAtOnceAsTooLarge() throws Exception {
        ObjectNode r = record(11);
        fake.requests().clear();
        DownloadResult result = downloadLimited(r, dir.resolve("big.jpg"), 1000);
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        assertThat(((DownloadResult.Failed) result).reason()).startsWith("too-large: ").contains("Content-Length");
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).as("no retry storm").isEqualTo(1);
    }

    @Test
    void aChunkedBodyAboveTheLimitFailsWhileStreamingAsTooLarge() throws Exception {
        ObjectNode r = record(12);
        fake.faults().cdnChunked(true);
        fake.requests().clear();
        DownloadResult result = downloadLimited(r, dir.resolve("big.jpg"), 1000);
        assertThat(result).isInstanceOf(DownloadResult.Failed.class);
        assertThat(((DownloadResult.Failed) result).reason()).startsWith("too-large: ").contains("received");
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isEqualTo(1);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsDownloaded() throws Exception {
        ObjectNode r = record(13);
        fake.faults().cdnChunked(true);
        Path target = dir.resolve("c.jpg");
        DownloadResult result = downloadLimited(r, target, 10L << 20);
        assertThat(result).isEqualTo(new DownloadResult.Ok(Files.size(target), 1));
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
    }

    @Test
    void anHtmlErrorPageWithStatus200IsRetried() throws Exception {
        ObjectNode r = record(14);
        fake.faults().htmlPageNextCdn(1);
        Path target = dir.resolve("h.jpg");
        DownloadResult result = download(r, target);
        assertThat(result).isEqualTo(new DownloadResult.Ok(Files.size(target), 2));
        assertThat(Files.readAllBytes(target)).isEqualTo(fake.imageBytes(r.get("id").asText(), "256"));
    }

    @Test
    void anHtmlErrorPageWithStatus200EveryTimeFailsWithAClearReason() throws Exception {
        ObjectNode r = record(15);
        fake.faults().htmlPageNextCdn(100);
        DownloadResult result = download(r, dir.resolve("h.jpg"));
        assertThat(result).isEqualTo(new DownloadResult.Failed(
                "download failed after 3 attempts: not a JPEG (no SOI marker), Content-Type text/html; charset=utf-8",
                3));
    }

    @Test
    void aBodyThatTricklesInHitsTheTimeoutAndIsRetried() throws Exception {
        ObjectNode r = record(16);
        // headers at once, then the body over 3 s: the client's own timeout stops at the headers
        fake.faults().cdnSlowBody(Duration.ofSeconds(3));
        fake.requests().clear();
        CdnDownloader slow = new CdnDownloader(http, QUICK, Duration.ofMillis(400),
                (id, q) -> { throw new UrlRefresher.RefreshFailedException("unused"); }, 0);
        DownloadResult result = slow.download(r.get("id").asText(), Quality.Q256, url(r), dir.resolve("s.jpg"));
        assertThat(result).isEqualTo(new DownloadResult.Failed("download failed after 3 attempts: timeout", 3));
        // the JDK client may re-send an idempotent GET once when its connection is cut: 3 attempts, up to 6 requests
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isBetween(3L, 6L);
    }

    @Test
    void aDiskWithNoSpaceLeftStopsTheDownloadAsStorageFullInsteadOfRetrying() throws Exception {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, like a full disk
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "/dev/full is available");
        ObjectNode r = record(17);
        fake.requests().clear();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> download(r, full))
                .isInstanceOf(mapillary.archive.fetcher.storage.StorageFullException.class);
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isEqualTo(1);
    }
}
