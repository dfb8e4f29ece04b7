package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FakeInternetArchiveTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static FakeInternetArchive ia;

    @BeforeAll
    static void start() {
        ia = FakeInternetArchive.start();
    }

    @AfterAll
    static void stop() {
        ia.close();
    }

    @BeforeEach
    void reset() {
        ia.reset();
    }

    @Test
    void missingItemReadsAsEmptyObject() throws Exception {
        HttpResponse<String> r = get(ia.url() + "/metadata/mapillary-nobody-original");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{}");
        assertThat(get(ia.url() + "/metadata/mapillary-nobody-original/metadata/uploader").body()).isEqualTo("{}");
    }

    @Test
    void darkItemCarriesIsDarkAndIsHiddenFromScrape() throws Exception {
        ia.putItem("mapillary-dark-1024", Map.of("mapillary_downloader", "0.1.0", "title", "t"), true);
        ia.putItem("mapillary-light-1024", Map.of("mapillary_downloader", "0.1.0", "title", "t"), false);
        JsonNode dark = json(get(ia.url() + "/metadata/mapillary-dark-1024"));
        assertThat(dark.path("is_dark").asBoolean()).isTrue();
        assertThat(dark.path("metadata").path("identifier").asText()).isEqualTo("mapillary-dark-1024");
        assertThat(json(get(ia.url() + "/metadata/mapillary-light-1024")).has("is_dark")).isFalse();
        JsonNode page = json(get(scrape("mapillary_downloader:*", "identifier", null, null)));
        assertThat(ids(page)).containsExactly("mapillary-light-1024");
    }

    @Test
    void subPathReturnsResult() throws Exception {
        ia.putItem("mapillary-alice-256", Map.of("uploader", "alice@example.org", "collection",
                List.of("a", "b")), false);
        assertThat(get(ia.url() + "/metadata/mapillary-alice-256/metadata/uploader").body())
                .isEqualTo("{\"result\":\"alice@example.org\"}");
        assertThat(json(get(ia.url() + "/metadata/mapillary-alice-256/metadata/collection/1")).path("result")
                .asText()).isEqualTo("b");
        assertThat(get(ia.url() + "/metadata/mapillary-alice-256/metadata/nothing").body()).isEqualTo("{}");
    }

    @Test
    void scrapePagingReturnsEveryIdentifierExactlyOnce() throws Exception {
        List<String> seeded = ia.seedItems(12_345);
        ia.putItem("not-ours", Map.of("title", "x"), false);
        Set<String> seen = new HashSet<>();
        int pages = 0;
        String cursor = null;
        do {
            JsonNode page = json(get(scrape("mapillary_downloader:*", "identifier,image_count", "10000", cursor)));
            assertThat(page.path("total").asInt()).isEqualTo(12_345);
            assertThat(page.path("count").asInt()).isEqualTo(page.path("items").size());
            for (JsonNode item : page.path("items")) {
                assertThat(seen.add(item.path("identifier").asText())).as("duplicate %s", item).isTrue();
                assertThat(item.has("image_count")).isTrue();
                assertThat(item.has("description")).isFalse();
            }
            cursor = page.hasNonNull("cursor") ? page.path("cursor").asText() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(12_345).containsAll(seeded);
    }

    @Test
    void countIsClampedToAtLeast100() throws Exception {
        ia.seedItems(250);
        JsonNode page = json(get(scrape("mapillary_downloader:*", null, "5", null)));
        assertThat(page.path("items")).hasSize(100);
        assertThat(page.hasNonNull("cursor")).isTrue();
        JsonNode total = json(get(ia.url() + "/services/search/v1/scrape?q=mapillary_downloader:*&total_only=true"));
        assertThat(total.path("total").asInt()).isEqualTo(250);
    }

    @Test
    void queryFiltersByFieldValueAndAnd() throws Exception {
        ia.putItem("mapillary-a-1024", Map.of("mapillary_downloader", "0.1.0", "collection",
                List.of("mapillary-images", "x"), "quality", "1024"), false);
        ia.putItem("mapillary-b-256", Map.of("mapillary_downloader", "0.1.0", "collection", "mapillary-images",
                "quality", "256"), false);
        ia.putItem("mapillary-c-1024", Map.of("collection", "mapillary-images", "quality", "1024"), false);
        assertThat(ids(json(get(scrape("mapillary_downloader:* AND quality:1024", null, null, null)))))
                .containsExactly("mapillary-a-1024");
        assertThat(ids(json(get(scrape("collection:mapillary-images", null, null, null)))))
                .containsExactly("mapillary-a-1024", "mapillary-b-256", "mapillary-c-1024");
        assertThat(ids(json(get(scrape("identifier:mapillary-b*", null, null, null)))))
                .containsExactly("mapillary-b-256");
        assertThat(ids(json(get(scrape("quality:256 OR (collection:x AND NOT quality:256)", null, null, null)))))
                .containsExactly("mapillary-a-1024", "mapillary-b-256");
    }

    @Test
    void scrapeAcceptsPostAndReturnsSeededShapes() throws Exception {
        ia.seedItems(List.of(
                Map.of("identifier", "mapillary-x-1024", "description", List.of("a", "b"), "item_size", "123",
                        "collection", "mapillary-images", "mapillary_downloader", "0.1"),
                Map.of("description", "no identifier", "item_size", 1, "mapillary_downloader", "0.1")));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(ia.url()
                        + "/services/search/v1/scrape"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=mapillary_downloader%3A*&fields="
                        + "identifier,description,item_size,collection&count=100")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode page = json(r);
        assertThat(page.path("items")).hasSize(2);
        JsonNode x = page.path("items").get(1);
        assertThat(x.path("description").isArray()).isTrue();
        assertThat(x.path("item_size").asText()).isEqualTo("123");
        assertThat(x.path("item_size").isTextual()).isTrue();
        assertThat(page.path("items").get(0).has("identifier")).isFalse();
    }

    @Test
    void badQueryAndBadCursorAnswerError() throws Exception {
        HttpResponse<String> bad = get(scrape("just words", null, null, null));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).isNotBlank();
        HttpResponse<String> badCursor = get(scrape("mapillary_downloader:*", null, null, "nonsense!"));
        assertThat(json(badCursor).path("error").asText()).contains("cursor");
        HttpResponse<String> noQuery = get(ia.url() + "/services/search/v1/scrape");
        assertThat(json(noQuery).has("error")).isTrue();
    }

    @Test
    void injectedScrapeErrorsFailTheNextCalls() throws Exception {
        ia.seedItems(3);
        ia.faults().scrapeErrorsNext(2);
        assertThat(get(scrape("mapillary_downloader:*", null, null, null)).statusCode()).isEqualTo(503);
        assertThat(json(get(scrape("mapillary_downloader:*", null, null, null))).has("error")).isTrue();
        assertThat(json(get(scrape("mapillary_downloader:*", null, null, null))).path("items")).hasSize(3);
    }

    @Test
    void injectedMetadataErrors() throws Exception {
        ia.putItem("mapillary-a-1024", Map.of("title", "t"), false);
        ia.faults().metadataErrorsNext(1, 503);
        assertThat(get(ia.url() + "/metadata/mapillary-a-1024").statusCode()).isEqualTo(503);
        assertThat(get(ia.url() + "/metadata/mapillary-a-1024").statusCode()).isEqualTo(200);
    }

    @Test
    void putWithLowAuthCreatesItemWithMetadataAndMd5() throws Exception {
        byte[] body = "tar bytes".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(put("mapillary-alice-original-webp", "2024-01-15.tar", body)
                .header("x-archive-auto-make-bucket", "1")
                .header("x-archive-queue-derive", "0")
                .header("x-archive-size-hint", "9")
                .header("x-archive-meta-title", "Mapillary images by alice")
                .header("x-archive-meta01-collection", "mapillary-images")
                .header("x-archive-meta02-collection", "test_collection")
                .header("x-archive-meta-mapillary--user", "alice")
                .header("x-archive-meta-description", "uri(Caf%C3%A9%20%2B%20more)")
                .header("Content-MD5", FakeInternetArchive.md5Hex(body))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);

        IaItem item = ia.item("mapillary-alice-original-webp").orElseThrow();
        assertThat(item.metadata()).containsEntry("title", "Mapillary images by alice")
                .containsEntry("collection", List.of("mapillary-images", "test_collection"))
                .containsEntry("mapillary_user", "alice")
                .containsEntry("description", "Café + more")
                .containsEntry("mediatype", "data");
        assertThat(item.file("2024-01-15.tar").md5()).isEqualTo(FakeInternetArchive.md5Hex(body));
        assertThat(item.file("2024-01-15.tar").content()).isEqualTo(body);

        JsonNode md = json(get(ia.url() + "/metadata/mapillary-alice-original-webp"));
        assertThat(md.path("files").get(0).path("md5").asText()).isEqualTo(FakeInternetArchive.md5Hex(body));
        assertThat(md.path("files").get(0).path("size").asText()).isEqualTo("9");
        assertThat(md.path("item_size").asLong()).isEqualTo(9);
        assertThat(md.path("files_count").asInt()).isEqualTo(1);

        IaUpload up = ia.uploads().getLast();
        assertThat(up.accepted()).isTrue();
        assertThat(up.header("x-archive-queue-derive")).isEqualTo("0");
        assertThat(up.header("authorization")).doesNotContain(ia.secretKey());
        assertThat(get(ia.url() + "/download/mapillary-alice-original-webp/2024-01-15.tar").body())
                .isEqualTo("tar bytes");
    }

    @Test
    void putWithoutAutoMakeBucketOnMissingItemIs404() throws Exception {
        HttpResponse<String> r = HTTP.send(put("mapillary-bob-256", "a.tar", new byte[]{1})
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[]{1})).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("<Code>NoSuchBucket</Code>");
    }

    @Test
    void badAuthIs403WithS3Xml() throws Exception {
        HttpRequest.Builder wrongSecret = HttpRequest.newBuilder(URI.create(ia.s3Url() + "/mapillary-a-256/f.tar"))
                .header("Authorization", "LOW " + ia.accessKey() + ":wrong")
                .header("x-archive-auto-make-bucket", "1");
        HttpResponse<String> r = HTTP.send(wrongSecret.PUT(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).startsWith("<?xml").contains("<Error>").contains("SignatureDoesNotMatch")
                .doesNotContain("wrong");
        HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(ia.s3Url() + "/mapillary-a-256/f"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(403);
        assertThat(ia.item("mapillary-a-256")).isEmpty();
        assertThat(ia.uploads()).extracting(IaUpload::status).containsExactly(403, 403);
    }

    @Test
    void chunkedUploadIsRejected() throws Exception {
        // a publisher of unknown length makes java.net.http send Transfer-Encoding: chunked
        HttpRequest req = put("mapillary-a-256", "f.tar", null)
                .header("x-archive-auto-make-bucket", "1")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[5000])))
                .build();
        HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(411);
        assertThat(r.body()).contains("MissingContentLength");
        assertThat(ia.item("mapillary-a-256")).isEmpty();
    }

    @Test
    void wrongContentMd5IsBadDigest() throws Exception {
        HttpResponse<String> r = HTTP.send(put("mapillary-a-256", "f.tar", null)
                .header("x-archive-auto-make-bucket", "1")
                .header("Content-MD5", "00000000000000000000000000000000")
                .PUT(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("BadDigest");
        assertThat(ia.item("mapillary-a-256")).isEmpty();
    }

    @Test
    void slowDownFaultsAndSpamVariant() throws Exception {
        ia.faults().slowDownNext(2);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = HTTP.send(put("mapillary-a-256", "f.tar", null)
                    .header("x-archive-auto-make-bucket", "1")
                    .PUT(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("<Code>SlowDown</Code>").contains("Please reduce your request rate.");
        }
        HttpResponse<String> ok = HTTP.send(put("mapillary-a-256", "f.tar", null)
                .header("x-archive-auto-make-bucket", "1")
                .PUT(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);

        ia.faults().spamNext(1);
        HttpResponse<String> spam = HTTP.send(put("mapillary-a-256", "g.tar", null)
                .PUT(HttpRequest.BodyPublishers.ofString("abc")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spam.statusCode()).isEqualTo(503);
        assertThat(spam.body()).contains("appears to be spam");
        assertThat(ia.uploads()).extracting(IaUpload::errorCode)
                .containsExactly("SlowDown", "SlowDown", null, "SlowDown");
    }

    @Test
    void checkLimitReportsOverLimit() throws Exception {
        ia.faults().overLimitNext(1);
        String url = ia.s3Url() + "/?check_limit=1&accesskey=" + ia.accessKey() + "&bucket=mapillary-a-256";
        JsonNode first = json(get(url));
        assertThat(first.path("over_limit").asInt()).isEqualTo(1);
        assertThat(first.path("bucket").asText()).isEqualTo("mapillary-a-256");
        assertThat(json(get(url)).path("over_limit").asInt()).isZero();
    }

    @Test
    void jsonPatchAddsReplacesAndRemoves() throws Exception {
        ia.putItem("mapillary-a-256", Map.of("title", "old", "subject", List.of("a"), "junk", "x"), false);
        String patch = "[{\"op\":\"replace\",\"path\":\"/title\",\"value\":\"new\"},"
                + "{\"op\":\"add\",\"path\":\"/image_count\",\"value\":\"42\"},"
                + "{\"op\":\"add\",\"path\":\"/subject/-\",\"value\":\"b\"},"
                + "{\"op\":\"remove\",\"path\":\"/junk\"}]";
        HttpResponse<String> r = postMetadata("mapillary-a-256", patch, ia.accessKey(), ia.secretKey());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("success").asBoolean()).isTrue();
        JsonNode md = json(get(ia.url() + "/metadata/mapillary-a-256")).path("metadata");
        assertThat(md.path("title").asText()).isEqualTo("new");
        assertThat(md.path("image_count").asText()).isEqualTo("42");
        assertThat(md.path("subject").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(md.has("junk")).isFalse();

        HttpResponse<String> failing = postMetadata("mapillary-a-256",
                "[{\"op\":\"replace\",\"path\":\"/title\",\"value\":\"x\"},{\"op\":\"remove\",\"path\":\"/nope\"}]",
                ia.accessKey(), ia.secretKey());
        assertThat(failing.statusCode()).isEqualTo(400);
        assertThat(json(get(ia.url() + "/metadata/mapillary-a-256")).path("metadata").path("title").asText())
                .as("a failing patch changes nothing").isEqualTo("new");
        assertThat(postMetadata("mapillary-a-256", "[]", ia.accessKey(), "wrong").statusCode()).isEqualTo(401);
        assertThat(json(postMetadata("mapillary-missing", "[]", ia.accessKey(), ia.secretKey())).path("error")
                .asText()).contains("cannot be located");
    }

    @Test
    void standaloneMainPrintsUrlsServesSeededItemsAndStopsOnSigterm() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                FakeInternetArchiveMain.class.getName(), "--seed-items", "150", "--access-key", "k",
                "--secret-key", "s").redirectErrorStream(true).start();
        try (var out = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String iaUrl = null;
            String s3Url = null;
            while (iaUrl == null || s3Url == null) {
                String line = out.readLine();
                assertThat(line).as("process output ended early").isNotNull();
                if (line.startsWith("IA_URL=")) {
                    iaUrl = line.substring(7);
                } else if (line.startsWith("IA_S3_URL=")) {
                    s3Url = line.substring(10);
                }
            }
            JsonNode total = json(get(iaUrl + "/services/search/v1/scrape?q=mapillary_downloader:*&total_only=true"));
            assertThat(total.path("total").asInt()).isEqualTo(150);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s3Url + "/mapillary-z-256/a"))
                    .header("Authorization", "LOW k:s").header("x-archive-auto-make-bucket", "1")
                    .PUT(HttpRequest.BodyPublishers.ofString("a")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            p.destroy();
            assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static HttpRequest.Builder put(String id, String file, byte[] ignored) {
        return HttpRequest.newBuilder(URI.create(ia.s3Url() + "/" + id + "/" + file))
                .header("Authorization", "LOW " + ia.accessKey() + ":" + ia.secretKey());
    }

    private static HttpResponse<String> postMetadata(String id, String patch, String access, String secret)
            throws Exception {
        String form = "-target=metadata&-patch=" + URLEncoder.encode(patch, StandardCharsets.UTF_8)
                + "&access=" + access + "&secret=" + secret;
        return HTTP.send(HttpRequest.newBuilder(URI.create(ia.url() + "/metadata/" + id))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String scrape(String q, String fields, String count, String cursor) {
        StringBuilder b = new StringBuilder(ia.url()).append("/services/search/v1/scrape?q=")
                .append(URLEncoder.encode(q, StandardCharsets.UTF_8));
        if (fields != null) {
            b.append("&fields=").append(URLEncoder.encode(fields, StandardCharsets.UTF_8));
        }
        if (count != null) {
            b.append("&count=").append(count);
        }
        if (cursor != null) {
            b.append("&cursor=").append(URLEncoder.encode(cursor, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.path("items").forEach(n -> out.add(n.path("identifier").asText()));
        return out;
    }
}
