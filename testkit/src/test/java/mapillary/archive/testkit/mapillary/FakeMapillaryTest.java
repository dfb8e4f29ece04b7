package mapillary.archive.testkit.mapillary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The Graph API side of the fake: paging, projection, auth, entities, faults and the request log. */
class FakeMapillaryTest {

    static final String ORIGINAL_FIELDS = FakeMapillary.ORIGINAL_FIELDS;

    static final ObjectMapper MAPPER = new ObjectMapper();
    static FakeMapillary fake;
    static SyntheticUser alice;
    static SyntheticUser big;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        fake = FakeMapillary.start();
        alice = SyntheticUser.generate("alice", 5_000, 42);
        big = SyntheticUser.generate("big", 1_000_000, 7);
        fake.addUser(alice).addUser(big).addUser(SyntheticUser.generate("nobody-yet", 0, 3));
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "OAuth " + fake.token())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = get(url);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void pagingWithNextYieldsEveryGeneratedIdExactlyOnce() throws Exception {
        String url = fake.apiUrl() + "/images?creator_username=alice&limit=700&fields=" + enc(ORIGINAL_FIELDS);
        List<String> ids = new ArrayList<>();
        int pages = 0;
        while (url != null) {
            JsonNode page = json(url);
            pages++;
            page.get("data").forEach(r -> ids.add(r.get("id").asText()));
            JsonNode next = page.path("paging").get("next");
            if (next != null) {
                assertThat(next.asText()).startsWith(fake.apiUrl() + "/images?creator_username=alice&limit=700&fields=")
                        .contains("after=");
            }
            url = next == null ? null : next.asText();
        }
        assertThat(pages).isEqualTo(8);
        assertThat(ids).containsExactlyElementsOf(alice.ids());
        assertThat(fake.requests().count(RequestLog.Endpoint.IMAGES)).isEqualTo(8);
    }

    @Test
    void limitDefaultsToAndIsClampedAt2000() throws Exception {
        assertThat(json(fake.apiUrl() + "/images?creator_username=alice").get("data")).hasSize(2000);
        assertThat(json(fake.apiUrl() + "/images?creator_username=alice&limit=100000").get("data")).hasSize(2000);
    }

    @Test
    void lastPageHasNoNextAndEmptyUserHasEmptyData() throws Exception {
        JsonNode last = json(fake.apiUrl() + "/images?creator_username=alice&limit=2000&after="
                + ApiHandler.cursor(4000));
        assertThat(last.get("data")).hasSize(1000);
        assertThat(last.path("paging").has("next")).isFalse();
        assertThat(get(fake.apiUrl() + "/images?creator_username=nobody-yet").body()).isEqualTo("{\"data\":[]}");
        assertThat(get(fake.apiUrl() + "/images?creator_username=no-such-user").body()).isEqualTo("{\"data\":[]}");
    }

    @Test
    void fieldsProjectionReturnsOnlyTheRequestedKeysInOrder() throws Exception {
        JsonNode onlyId = json(fake.apiUrl() + "/images?creator_username=alice&limit=3").get("data").get(0);
        assertThat(names(onlyId)).containsExactly("id");

        JsonNode r = json(fake.apiUrl() + "/images?creator_username=alice&limit=1&fields="
                + enc("width,id,creator.username,geometry,thumb_256_url")).get("data").get(0);
        assertThat(names(r)).containsExactly("width", "id", "creator", "geometry", "thumb_256_url");
        assertThat(r.get("creator").get("username").asText()).isEqualTo("alice");
        assertThat(r.get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(r.get("geometry").get("coordinates")).hasSize(2);
        assertThat(r.get("thumb_256_url").asText()).startsWith(fake.cdnUrl() + "/m1/v/t6/" + r.get("id").asText()
                + "_256.jpg?").containsPattern("&oh=00_[A-Za-z0-9_-]+&oe=[0-9A-F]{8}");

        HttpResponse<String> unknown = get(fake.apiUrl() + "/images?creator_username=alice&fields=id,no_such_field");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(MAPPER.readTree(unknown.body()).at("/error/code").asInt()).isEqualTo(100);
    }

    @Test
    void rawJsonIsCompactWithEscapedSlashesAndNonAscii() throws Exception {
        SyntheticImage nikon = alice.records().filter(r -> "Ñikon".equals(r.make())).findFirst().orElseThrow();
        String body = get(fake.apiUrl() + "/" + nikon.id() + "?fields=id,make,thumb_1024_url").body();
        assertThat(body).doesNotContain(": ").contains("\"thumb_1024_url\":\"http:\\/\\/127.0.0.1:")
                .contains("\"make\":\"\\u00d1ikon\"");
        assertThat(MAPPER.readTree(body).get("make").asText()).isEqualTo("Ñikon");
    }

    @Test
    void requestsWithoutAValidTokenGet401Code190() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(
                URI.create(fake.apiUrl() + "/images?creator_username=alice")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        JsonNode error = MAPPER.readTree(none.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("Invalid OAuth access token - Cannot parse access token");
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
        assertThat(error.get("code").asInt()).isEqualTo(190);
        assertThat(error.get("fbtrace_id").asText()).isNotBlank();

        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(
                        URI.create(fake.apiUrl() + "/images?creator_username=alice")).header("Authorization", "OAuth nope")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> query = http.send(HttpRequest.newBuilder(URI.create(fake.apiUrl()
                + "/images?creator_username=alice&limit=2&access_token=" + enc(fake.token()))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(query.statusCode()).isEqualTo(200);

        List<RequestLog.Entry> log = fake.requests().entries(RequestLog.Endpoint.IMAGES);
        assertThat(log).extracting(RequestLog.Entry::status).containsExactly(401, 401, 200);
        assertThat(log).extracting(RequestLog.Entry::authorizationHeader).containsExactly(false, true, false);
        assertThat(log.get(2).accessTokenParam()).isTrue();
        assertThat(log.get(2).query()).contains("access_token=REDACTED").doesNotContain(fake.token());
    }

    @Test
    void entityMultiEntityAndSequenceEndpoints() throws Exception {
        String id = alice.id(10);
        JsonNode one = json(fake.apiUrl() + "/" + id + "?fields=id,captured_at,sequence");
        assertThat(one.get("id").asText()).isEqualTo(id);
        assertThat(one.get("captured_at").asLong()).isEqualTo(alice.record(10).capturedAt());

        assertThat(json(fake.apiUrl() + "/" + id).size()).isEqualTo(1);

        HttpResponse<String> missing = get(fake.apiUrl() + "/1234567890123456?fields=id");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(MAPPER.readTree(missing.body()).at("/error/code").asInt()).isEqualTo(100);

        JsonNode many = json(fake.apiUrl() + "/?ids=" + alice.id(1) + "," + big.id(999_999) + "&fields=id,width");
        assertThat(names(many)).containsExactly(alice.id(1), big.id(999_999));
        assertThat(many.get(big.id(999_999)).get("width").asInt()).isPositive();

        String sequence = one.get("sequence").asText();
        JsonNode ids = json(fake.apiUrl() + "/image_ids?sequence_id=" + sequence);
        assertThat(ids.get("data").findValuesAsText("id")).contains(id)
                .containsExactlyElementsOf(alice.imageIdsOfSequence(sequence));
        assertThat(json(fake.apiUrl() + "/image_ids?sequence_id=nope").get("data")).isEmpty();

        assertThat(fake.requests().count(RequestLog.Endpoint.ENTITY)).isEqualTo(3);
        assertThat(fake.requests().count(RequestLog.Endpoint.ENTITIES)).isEqualTo(1);
        assertThat(fake.requests().count(RequestLog.Endpoint.IMAGE_IDS)).isEqualTo(2);
    }

    @Test
    void searchFiltersByTimeSequenceAndBbox() throws Exception {
        SyntheticImage r = alice.records().filter(x -> x.capturedAt() != null && x.sequence() != null)
                .skip(100).findFirst().orElseThrow();
        String at = java.time.Instant.ofEpochMilli(r.capturedAt()).toString();
        JsonNode byTime = json(fake.apiUrl() + "/images?creator_username=alice&fields=id,captured_at"
                + "&start_captured_at=" + at + "&end_captured_at=" + at);
        assertThat(byTime.get("data").findValuesAsText("id")).contains(r.id());

        JsonNode bySeq = json(fake.apiUrl() + "/images?sequence_ids=" + r.sequence() + "&fields=id,sequence");
        assertThat(bySeq.get("data").findValuesAsText("sequence")).containsOnly(r.sequence());
        assertThat(bySeq.get("data").findValuesAsText("id")).containsExactlyElementsOf(
                alice.imageIdsOfSequence(r.sequence()));

        double lon = r.geometry()[0];
        double lat = r.geometry()[1];
        String bbox = (lon - 1e-7) + "," + (lat - 1e-7) + "," + (lon + 1e-7) + "," + (lat + 1e-7);
        JsonNode byBox = json(fake.apiUrl() + "/images?bbox=" + bbox + "&fields=id");
        assertThat(byBox.get("data").findValuesAsText("id")).contains(r.id());
        assertThat(byBox.has("paging")).isFalse();
    }

    @Test
    void scriptedFailuresRateLimitsAndDenseErrors() throws Exception {
        String url = fake.apiUrl() + "/images?creator_username=alice&limit=5";
        fake.faults().failNextApiRequests(2, 503);
        assertThat(get(url).statusCode()).isEqualTo(503);
        assertThat(get(url).statusCode()).isEqualTo(503);
        assertThat(get(url).statusCode()).isEqualTo(200);

        fake.faults().failNextApiRequests(1, 500);
        HttpResponse<String> err500 = get(url);
        assertThat(err500.statusCode()).isEqualTo(500);
        assertThat(MAPPER.readTree(err500.body()).at("/error/is_transient").asBoolean()).isTrue();

        fake.faults().rateLimitEveryNth(2, 7);
        assertThat(get(url).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = get(url);
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
        JsonNode error = MAPPER.readTree(limited.body()).get("error");
        assertThat(error.get("message").asText()).isEqualTo("(#4) Application request limit reached");
        assertThat(error.get("code").asInt()).isEqualTo(4);
        assertThat(error.get("is_transient").asBoolean()).isTrue();
        assertThat(error.get("type").asText()).isEqualTo("OAuthException");
        fake.faults().rateLimitEveryNth(0, 0);

        fake.faults().rateLimitPerMinute(60); // a bucket of one request, one more per second
        assertThat(get(url).statusCode()).isEqualTo(200);
        HttpResponse<String> bucketEmpty = get(url);
        assertThat(bucketEmpty.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(bucketEmpty.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
        fake.faults().rateLimitPerMinute(0);

        fake.faults().dense(true);
        HttpResponse<String> dense = get(url);
        assertThat(dense.statusCode()).isEqualTo(500);
        assertThat(MAPPER.readTree(dense.body()).at("/error/message").asText())
                .isEqualTo("Please reduce the amount of data you're asking for, then retry your request");
        assertThat(MAPPER.readTree(dense.body()).at("/error/code").asInt()).isEqualTo(1);
        fake.faults().denseAboveLimit(1000);
        assertThat(get(url).statusCode()).isEqualTo(200);
        assertThat(get(fake.apiUrl() + "/images?creator_username=alice&limit=1001").statusCode()).isEqualTo(500);

        assertThat(fake.requests().errors(RequestLog.Endpoint.IMAGES)).isEqualTo(7);
    }

    @Test
    void seededErrorRateIsRepeatable() throws Exception {
        String url = fake.apiUrl() + "/images?creator_username=alice&limit=1";
        List<Integer> first = new ArrayList<>();
        fake.faults().apiErrorRate(0.3, 502);
        for (int i = 0; i < 40; i++) {
            first.add(get(url).statusCode());
        }
        fake.reset();
        fake.faults().apiErrorRate(0.3, 502);
        List<Integer> second = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            second.add(get(url).statusCode());
        }
        assertThat(first).isEqualTo(second).contains(200, 502);
    }

    @Test
    void hostileRecordsCarryPathLikeIdsAndSequences() throws Exception {
        fake.faults().hostileRecords(10);
        JsonNode data = json(fake.apiUrl() + "/images?creator_username=alice&limit=20&fields=id,sequence")
                .get("data");
        assertThat(data.get(9).get("id").asText()).isEqualTo("../" + alice.id(9));
        assertThat(data.get(9).get("sequence").asText()).startsWith("x/");
        assertThat(data.get(8).get("id").asText()).isEqualTo(alice.id(8));
    }

    @Test
    void aMillionImageUserPagesLazily() throws Exception {
        long before = big.recordsGenerated();
        String url = fake.apiUrl() + "/images?creator_username=big&fields=" + enc(ORIGINAL_FIELDS);
        Set<String> ids = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            JsonNode body = json(url);
            body.get("data").forEach(r -> ids.add(r.get("id").asText()));
            url = body.at("/paging/next").asText();
        }
        assertThat(ids).hasSize(6000);
        assertThat(big.recordsGenerated() - before).isEqualTo(6000);
        assertThat(url).contains("after=");
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }
}
