package mapillary.archive.testkit.mapillary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The CDN side of the fake: real JPEG bytes, signatures, expiry and body faults. */
class FakeMapillaryCdnTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static FakeMapillary fake;
    static SyntheticUser carol;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeMapillary.start();
        carol = SyntheticUser.generate("carol", 60, 11);
        fake.addUser(carol);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    String thumbUrl(int index, String quality) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(fake.apiUrl() + "/" + carol.id(index)
                        + "?fields=thumb_" + quality + "_url")).header("Authorization", "OAuth " + fake.token()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return MAPPER.readTree(r.body()).get("thumb_" + quality + "_url").asText();
    }

    HttpResponse<byte[]> download(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesDecodableJpegsWithRealisticSizesPerQuality() throws Exception {
        int[][] expected = {{256, 10_000, 25_000}, {1024, 120_000, 200_000}};
        for (int[] e : expected) {
            HttpResponse<byte[]> r = download(thumbUrl(0, Integer.toString(e[0])));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("image/jpeg");
            byte[] body = r.body();
            assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(body.length);
            assertThat(body.length).isBetween(e[1], e[2]);
            assertThat(body[0] & 0xff).isEqualTo(0xFF);
            assertThat(body[1] & 0xff).isEqualTo(0xD8);
            assertThat(body[body.length - 2] & 0xff).isEqualTo(0xFF);
            assertThat(body[body.length - 1] & 0xff).isEqualTo(0xD9);
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(body));
            assertThat(img.getWidth()).isEqualTo(e[0]);
            assertThat(img.getHeight()).isEqualTo(e[0] * 3 / 4);
            // photo-like, not a flat colour
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 7) {
                for (int x = 0; x < img.getWidth(); x += 7) {
                    colours.add(img.getRGB(x, y));
                }
            }
            assertThat(colours).hasSizeGreaterThan(200);
            assertThat(body).isEqualTo(fake.imageBytes(carol.id(0), Integer.toString(e[0])));
        }
        assertThat(fake.requests().count(RequestLog.Endpoint.CDN)).isEqualTo(2);
        assertThat(fake.requests().entries(RequestLog.Endpoint.CDN))
                .noneMatch(RequestLog.Entry::carriedToken);
    }

    @Test
    void somePoolVariantsCarryExifLikeCameraJpegs() {
        Set<String> kinds = new HashSet<>();
        for (byte[] jpeg : fake.jpegs().pool("256", false)) {
            boolean jfif = (jpeg[3] & 0xff) == 0xE0;
            boolean exif = (jpeg[3] & 0xff) == 0xE1 || new String(jpeg, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("Exif\0\0");
            kinds.add((jfif ? "jfif" : "") + (exif ? "+exif" : ""));
        }
        assertThat(kinds).containsExactlyInAnyOrder("jfif", "+exif", "jfif+exif");
    }

    @Test
    void panoramasAreTwiceAsWideAsHigh() throws Exception {
        int pano = carol.records().filter(SyntheticImage::pano).findFirst().orElseThrow().index();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(download(thumbUrl(pano, "256")).body()));
        assertThat(img.getWidth()).isEqualTo(2 * img.getHeight());
    }

    @Test
    void aTamperedSignatureIs403() throws Exception {
        String url = thumbUrl(1, "256");
        HttpResponse<byte[]> r = download(url.replace("_256.jpg", "_1024.jpg"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(new String(r.body())).isEqualTo("Bad signature");
    }

    @Test
    void expiredUrlsAnswer403TextPlainUrlSignatureExpired() throws Exception {
        fake.faults().urlTtl(Duration.ofSeconds(-5));
        String expired = thumbUrl(2, "256");
        fake.faults().urlTtl(Duration.ofHours(1));
        assertExpired(download(expired));

        String fresh = thumbUrl(2, "256");
        assertThat(download(fresh).statusCode()).isEqualTo(200);
        fake.faults().expireAllUrlsNow();
        assertExpired(download(fresh));
        assertThat(download(thumbUrl(2, "256")).statusCode()).isEqualTo(200);
    }

    private static void assertExpired(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(new String(r.body())).isEqualTo("URL signature expired");
    }

    @Test
    void connectionClosedBeforeContentLengthIsAnIoError() throws Exception {
        String url = thumbUrl(3, "1024");
        fake.faults().truncateNextCdn(1, Faults.TruncateMode.CLOSE_EARLY);
        assertThatThrownBy(() -> download(url)).isInstanceOf(IOException.class);
        assertThat(download(url).statusCode()).isEqualTo(200);
    }

    @Test
    void shortBodyEndsBeforeTheEoiMarker() throws Exception {
        String url = thumbUrl(4, "256");
        fake.faults().truncateNextCdn(1, Faults.TruncateMode.SHORT_BODY);
        HttpResponse<byte[]> r = download(url);
        assertThat(r.statusCode()).isEqualTo(200);
        byte[] full = fake.imageBytes(carol.id(4), "256");
        assertThat(r.body().length).isLessThan(full.length);
        assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(r.body().length);
        assertThat(r.body()[r.body().length - 1] & 0xff).isNotEqualTo(0xD9);
    }

    @Test
    void deletedImagesAnd5xxFaults() throws Exception {
        fake.faults().notFound(carol.id(5)).gone(carol.id(6)).failNextCdnRequests(1, 502);
        String ok = thumbUrl(7, "256");
        assertThat(download(ok).statusCode()).isEqualTo(502);
        assertThat(download(ok).statusCode()).isEqualTo(200);
        assertThat(download(thumbUrl(5, "256")).statusCode()).isEqualTo(404);
        assertThat(download(thumbUrl(6, "256")).statusCode()).isEqualTo(410);

        fake.faults().cdnErrorRate(1.0);
        assertThat(download(ok).statusCode()).isEqualTo(503);
        assertThat(fake.requests().errors(RequestLog.Endpoint.CDN)).isEqualTo(4);
    }

    @Test
    void helpersHandOutSignedUrlsAndRecordsLikeTheApi() throws Exception {
        String id = carol.id(8);
        assertThat(download(fake.thumbUrl(id, "256")).body()).isEqualTo(fake.imageBytes(id, "256"));
        JsonNode record = MAPPER.readTree(fake.recordJson(id,
                FakeMapillary.ORIGINAL_FIELDS.replace("thumb_original_url", "thumb_256_url")));
        assertThat(record.get("id").asText()).isEqualTo(id);
        assertThat(download(record.get("thumb_256_url").asText()).statusCode()).isEqualTo(200);
        assertThat(record.get("captured_at").asLong()).isEqualTo(carol.record(8).capturedAt());
    }

    @Test
    void sameSeedsGiveTheSameRecordsAndBytes() throws Exception {
        try (FakeMapillary other = FakeMapillary.start()) {
            other.addUser(SyntheticUser.generate("carol", 60, 11));
            String fields = "?fields=" + FakeMapillaryTest.ORIGINAL_FIELDS.replace(",thumb_original_url", "");
            for (int i : new int[] {0, 13, 59}) {
                String id = carol.id(i);
                JsonNode mine = get(fake, id + fields);
                JsonNode theirs = get(other, id + fields);
                assertThat(theirs).isEqualTo(mine);
                assertThat(other.imageBytes(id, "256")).isEqualTo(fake.imageBytes(id, "256"));
            }
        }
        try (FakeMapillary reseeded = FakeMapillary.start(FakeMapillary.Options.defaults().withSeed(99))) {
            reseeded.addUser(carol);
            assertThat(reseeded.imageBytes(carol.id(0), "256")).isNotEqualTo(fake.imageBytes(carol.id(0), "256"));
        }
    }

    private JsonNode get(FakeMapillary f, String pathAndQuery) throws IOException, InterruptedException {
        return MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(f.apiUrl() + "/" + pathAndQuery))
                .header("Authorization", "OAuth " + f.token()).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
