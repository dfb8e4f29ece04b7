package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.PathComponents;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.harvester.FakeServicesResource;
import mapillary.archive.harvester.TopicReader;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and odd API data: every kind appears in a user's listing pages (served verbatim by the fake), and the
 * listing completes, keeps every record object in metadata.jsonl, publishes only safe tasks, counts what is bad,
 * and writes nothing outside the collection dir. Unicode usernames are refused and never become a directory.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeServicesResource.class)
class HostileDataTest {

    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final String USER = "mallory";
    private static final String COLLECTION = "mapillary-mallory-original-webp";

    FakeMapillary mapillary;

    @AfterEach
    void clear() {
        mapillary.faults().clearRawRecords();
    }

    private static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("archive.data-dir", String.class));
    }

    /** What a hostile record must become. */
    enum Expect { REJECTED, REPAIRED, KEPT }

    /** One hostile record: its JSON (with {@code SID} for the synthetic id and {@code URL} for its thumb URL). */
    record Kind(String name, Expect expect, String json) {
    }

    private static final String OK = "\"captured_at\":1700000000000,\"sequence\":\"seqA\",\"thumb_original_url\":\"URL\"";

    static List<Kind> kinds() {
        return List.of(
                new Kind("id traversal", Expect.REJECTED, "{\"id\":\"../SID\"," + OK + "}"),
                new Kind("id with slash", Expect.REJECTED, "{\"id\":\"a/SID\"," + OK + "}"),
                new Kind("id deep traversal", Expect.REJECTED, "{\"id\":\"SID/../../../../tmp/x\"," + OK + "}"),
                new Kind("id NUL", Expect.REJECTED, "{\"id\":\"SID\\u0000\"," + OK + "}"),
                new Kind("id 5000 chars", Expect.REJECTED, "{\"id\":\"" + "9".repeat(5000) + "\"," + OK + "}"),
                new Kind("id dot-dot", Expect.REJECTED, "{\"id\":\"..\"," + OK + "}"),
                new Kind("id null", Expect.REJECTED, "{\"id\":null," + OK + "}"),
                new Kind("id missing", Expect.REJECTED, "{" + OK + "}"),
                new Kind("id object", Expect.REJECTED, "{\"id\":{\"a\":1}," + OK + "}"),
                new Kind("id unicode", Expect.REJECTED, "{\"id\":\"\u202eSID\"," + OK + "}"),
                new Kind("sequence traversal", Expect.REJECTED, "{\"id\":\"SID\",\"sequence\":\"../../etc\","
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("sequence slash", Expect.REJECTED, "{\"id\":\"SID\",\"sequence\":\"x/y\","
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("sequence NUL", Expect.REJECTED, "{\"id\":\"SID\",\"sequence\":\"s\\u0000\","
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("sequence 300 chars", Expect.REJECTED, "{\"id\":\"SID\",\"sequence\":\"" + "s".repeat(300)
                        + "\",\"thumb_original_url\":\"URL\"}"),
                new Kind("not an object (number)", Expect.REJECTED, "42"),
                new Kind("not an object (string)", Expect.REJECTED, "\"../SID\""),
                new Kind("captured_at 9e18", Expect.REPAIRED, "{\"id\":\"SID\",\"captured_at\":9000000000000000000,"
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at 1e300", Expect.REPAIRED, "{\"id\":\"SID\",\"captured_at\":1e300,"
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at min long", Expect.REPAIRED, "{\"id\":\"SID\","
                        + "\"captured_at\":-9223372036854775808,\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at year 10000", Expect.REPAIRED, "{\"id\":\"SID\",\"captured_at\":253402300800000,"
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at string", Expect.REPAIRED, "{\"id\":\"SID\",\"captured_at\":\"2024-01-01\","
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("geometry bare NaN", Expect.REPAIRED, "{\"id\":\"SID\",\"captured_at\":1700000000000,"
                        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[NaN,1.5]},\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at null", Expect.KEPT, "{\"id\":\"SID\",\"captured_at\":null,"
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("captured_at negative", Expect.KEPT, "{\"id\":\"SID\",\"captured_at\":-31536000000,"
                        + "\"thumb_original_url\":\"URL\"}"),
                new Kind("geometry 3 numbers", Expect.KEPT, "{\"id\":\"SID\"," + OK + ",\"geometry\":{\"type\":"
                        + "\"Point\",\"coordinates\":[2.35,48.85,35.5]}}"),
                new Kind("geometry NaN strings", Expect.KEPT, "{\"id\":\"SID\"," + OK + ",\"geometry\":{\"type\":"
                        + "\"Point\",\"coordinates\":[\"NaN\",\"Infinity\"]}}"),
                new Kind("unknown fields", Expect.KEPT, "{\"id\":\"SID\"," + OK + ",\"x_unknown\":{\"deep\":[1,2,"
                        + "{\"z\":null}]},\"another\":\"ü\"}"),
                new Kind("unicode make", Expect.KEPT, "{\"id\":\"SID\"," + OK + ",\"make\":\"Ñikon 😀\"}"),
                new Kind("numeric id", Expect.KEPT, "{\"id\":SID," + OK + "}"));
    }

    private static int indexOf(int k) {
        return 3 + k * 8; // spread over the three pages of 100 records
    }

    @Test
    void hostileRecordsNeverCrashTheListingNorLeaveTheCollection() throws Exception {
        List<Kind> kinds = kinds();
        var user = mapillary.user(USER).orElseThrow();
        Map<String, Kind> kindById = new HashMap<>();
        for (int k = 0; k < kinds.size(); k++) {
            int i = indexOf(k);
            String sid = user.id(i);
            Kind kind = kinds.get(k);
            kindById.put(sid, kind);
            mapillary.faults().rawRecord(USER, i, kind.json().replace("SID", sid)
                    .replace("URL", mapillary.thumbUrl(sid, "original")));
        }
        long rejectedKinds = kinds.stream().filter(k -> k.expect() == Expect.REJECTED).count();
        long repairedKinds = kinds.stream().filter(k -> k.expect() == Expect.REPAIRED).count();
        double rejectedMetric = metric("rejected");
        double repairedMetric = metric("repaired");

        String id = given().contentType(ContentType.JSON).body("{\"username\":\"" + USER + "\",\"checkIa\":false}")
                .post("/harvests").then().statusCode(202).extract().path("id");
        JsonNode h = awaitStatus(id, "FETCHING");

        // counts: every record is listed, skipped (no URL) or rejected; bad = rejected + repaired
        long listed = h.at("/counts/listed").asLong();
        assertThat(h.at("/counts/rejected").asLong()).isEqualTo(rejectedKinds);
        assertThat(h.at("/counts/badRecords").asLong()).isEqualTo(rejectedKinds + repairedKinds);
        assertThat(listed + h.at("/counts/skipped").asLong() + rejectedKinds).isEqualTo(user.count());
        assertThat(metric("rejected") - rejectedMetric).isEqualTo(rejectedKinds);
        assertThat(metric("repaired") - repairedMetric).isEqualTo(repairedKinds);

        // metadata.jsonl: every record object, as standard JSON, verbatim unless its JSON had to be rewritten
        Path dir = dataDir().resolve("staging").resolve(COLLECTION);
        List<String> lines = Files.readAllLines(dir.resolve("metadata.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines.getLast()).isEqualTo("{\"__complete__\": true}");
        assertThat(lines).hasSize(user.count() - 2 + 1); // the two non-objects are no records
        for (String line : lines) {
            STRICT.readTree(line);
        }
        assertThat(lines).anyMatch(l -> l.startsWith("{\"id\":\"../" + user.id(indexOf(0)) + "\""));
        assertThat(lines).anyMatch(l -> l.contains("\"captured_at\":9000000000000000000"));

        // tasks: one per listed record, all with safe ids, repaired records without a capture time
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> id.equals(rec.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            assertThat(mine).hasSize((int) listed);
            assertThat(mine).allSatisfy(rec -> assertThat(PathComponents.isSafe(rec.key())).as(rec.key()).isTrue());
            assertThat(mine.stream().map(TopicReader.Rec::key)).doesNotHaveDuplicates();
            Map<String, JsonNode> byId = new HashMap<>();
            mine.forEach(rec -> byId.put(rec.key(), rec.value().get("record")));
            kindById.forEach((sid, kind) -> {
                switch (kind.expect()) {
                    case REJECTED -> assertThat(byId).as(kind.name()).doesNotContainKey(sid);
                    case REPAIRED, KEPT -> assertThat(byId).as(kind.name()).containsKey(sid);
                }
            });
            for (String name : List.of("captured_at 9e18", "captured_at 1e300", "captured_at min long",
                    "captured_at year 10000", "captured_at string")) {
                String sid = sidOf(kindById, name);
                assertThat(byId.get(sid).get("captured_at").isNull()).as(name).isTrue();
            }
            assertThat(byId.get(sidOf(kindById, "captured_at negative")).get("captured_at").asLong())
                    .isEqualTo(-31536000000L);
            assertThat(byId.get(sidOf(kindById, "geometry bare NaN")).at("/geometry/coordinates/0").asText())
                    .isEqualTo("NaN");
            assertThat(byId.get(sidOf(kindById, "unknown fields")).at("/x_unknown/deep/1").asInt()).isEqualTo(2);
            assertThat(byId.get(sidOf(kindById, "unicode make")).get("make").asText()).isEqualTo("Ñikon 😀");
        }

        // LISTED: only date-directory keys, summing to the total
        try (TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            List<TopicReader.Rec> mine = events.readUntil(rec -> id.equals(rec.value().path("harvestId").asText()),
                    l -> l.size() >= 2, Duration.ofSeconds(20));
            JsonNode ev = mine.get(1).value();
            assertThat(ev.get("type").asText()).isEqualTo("LISTED");
            assertThat(ev.get("total").asLong()).isEqualTo(listed);
            Map<String, Long> perDate = new HashMap<>();
            ev.get("perDate").properties().forEach(e -> perDate.put(e.getKey(), e.getValue().asLong()));
            assertThat(perDate.keySet()).allSatisfy(k -> assertThat(DateBucket.isDateDirectory(k)).as(k).isTrue())
                    .contains("1969-01-01", DateBucket.UNKNOWN);
            assertThat(perDate.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(listed);
        }

        // nothing outside staging/ and output/ (but the harvester's emptied scratch dir), and the collection holds
        // only its own flat files
        try (Stream<Path> all = Files.walk(dataDir())) {
            for (Path p : all.toList()) {
                Path rel = dataDir().relativize(p.toRealPath());
                if (rel.getNameCount() == 0 || rel.toString().isEmpty()) {
                    continue;
                }
                assertThat(rel.getName(0).toString()).as(rel.toString()).isIn("staging", "output", "harvester");
                if (rel.getName(0).toString().equals("harvester")) {
                    assertThat(p).as("the listing's scratch store is gone once it ended").isDirectory();
                    continue;
                }
                assertThat(p.getFileName().toString()).as(rel.toString()).doesNotContain("..");
                if (rel.getNameCount() >= 2) {
                    assertThat(CollectionName.parse(rel.getName(1).toString())).as(rel.toString()).isPresent();
                }
            }
        }
        try (Stream<Path> mineFiles = Files.walk(dir)) {
            assertThat(mineFiles.filter(p -> !p.equals(dir)).toList()).allSatisfy(p -> {
                assertThat(p.getParent()).isEqualTo(dir);
                assertThat(Files.isRegularFile(p)).as(p.toString()).isTrue();
            });
        }
        assertThat(dataDir().getParent().resolve("etc")).doesNotExist();
        assertThat(Path.of("/tmp/x")).doesNotExist();
    }

    @Test
    void unicodeUsernamesAreRefusedAndNeverBecomeADirectory() throws IOException {
        List<String> names = List.of("Zoë", "用户", "ǅemal", "ａｌｉｃｅ", "\u202eecila", "al\u200bice", "alice\u0301",
                "İstanbul", "😀");
        for (String name : names) {
            String body;
            body = Json.MAPPER.writeValueAsString(Map.of("username", name, "checkIa", false));
            given().contentType("application/json; charset=UTF-8").body(body.getBytes(StandardCharsets.UTF_8))
                    .post("/harvests").then().statusCode(400).contentType("application/problem+json")
                    .body("field", org.hamcrest.Matchers.equalTo("username"));
        }
        List<String> usernames = new ArrayList<>(given().get("/harvests").then().statusCode(200).extract()
                .jsonPath().getList("username", String.class));
        assertThat(usernames).allSatisfy(u -> assertThat(CollectionName.isValidUsername(u)).as(u).isTrue());
        Set<String> wanted = Set.copyOf(names);
        for (Path root : List.of(dataDir().resolve("staging"), dataDir().resolve("output"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> dirs = Files.list(root)) {
                assertThat(dirs.map(p -> p.getFileName().toString()).toList()).allSatisfy(n -> {
                    assertThat(n).matches("[\\x21-\\x7e]+");
                    assertThat(CollectionName.parse(n)).as(n).isPresent();
                    assertThat(wanted).noneMatch(n::contains);
                });
            }
        }
    }

    private static String sidOf(Map<String, Kind> kindById, String name) {
        return kindById.entrySet().stream().filter(e -> e.getValue().name().equals(name)).findFirst().orElseThrow()
                .getKey();
    }

    private static double metric(String kind) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith("harvester_bad_records_total{") && l.contains(
                        "kind=\"" + kind + "\"")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static JsonNode get(String id) {
        try {
            return Json.MAPPER.readTree(given().get("/harvests/" + id).then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode awaitStatus(String id, String... statuses) throws InterruptedException {
        Instant end = Instant.now().plusSeconds(60);
        Set<String> wanted = Set.of(statuses);
        JsonNode h = get(id);
        while (!wanted.contains(h.get("status").asText()) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            h = get(id);
        }
        assertThat(h.get("status").asText()).as("status of %s: %s", id, h).isIn(wanted);
        return h;
    }
}
