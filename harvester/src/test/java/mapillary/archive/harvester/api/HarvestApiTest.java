package mapillary.archive.harvester.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.harvester.FakeServicesResource;
import mapillary.archive.harvester.TopicReader;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.RequestLog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The harvest API end to end against the real broker, the fake Mapillary and the fake archive.org. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeServicesResource.class)
class HarvestApiTest {

    FakeMapillary mapillary;
    FakeInternetArchive ia;

    @AfterEach
    void resetFaults() {
        mapillary.faults().failNextApiRequests(0, 500).rateLimitEveryNth(0, 0).hostileRecords(0)
                .apiLatency(Duration.ZERO);
    }

    private static Path dataDir() {
        return Path.of(ConfigProvider.getConfig().getValue("archive.data-dir", String.class));
    }

    private static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/harvests");
    }

    private static JsonNode get(String id) {
        try {
            return Json.MAPPER.readTree(given().get("/harvests/" + id).then().statusCode(200).extract().asString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode awaitStatus(String id, String... statuses) {
        Instant end = Instant.now().plusSeconds(60);
        Set<String> wanted = Set.of(statuses);
        JsonNode h = get(id);
        while (!wanted.contains(h.get("status").asText()) && Instant.now().isBefore(end)) {
            sleep(100);
            h = get(id);
        }
        assertThat(h.get("status").asText()).as("status of %s: %s", id, h).isIn(wanted);
        return h;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> records(Path metadata) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(metadata, StandardCharsets.UTF_8)) {
            JsonNode n = Json.MAPPER.readTree(line);
            if (!n.has("__complete__")) {
                out.add(n);
            }
        }
        return out;
    }

    private static String start(String body) {
        return post(body).then().statusCode(202).extract().path("id");
    }

    @Test
    void listsEveryRecordVerbatimAndPublishesOneTaskPerImage() throws IOException {
        Response r = post("{\"username\":\"alice\",\"quality\":\"1024\",\"webp\":false,\"checkIa\":false}");
        r.then().statusCode(202).body("collection", equalTo("mapillary-alice-1024"))
                .body("status", equalTo("LISTING")).body("links.self", notNullValue());
        String id = r.path("id");
        assertThat(r.header("Location")).endsWith("/harvests/" + id);

        JsonNode h = awaitStatus(id, "FETCHING");

        Path dir = dataDir().resolve("staging/mapillary-alice-1024");
        List<String> lines = Files.readAllLines(dir.resolve("metadata.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines.getLast()).isEqualTo("{\"__complete__\": true}");
        List<JsonNode> recs = records(dir.resolve("metadata.jsonl"));
        List<String> ids = recs.stream().map(n -> n.get("id").asText()).toList();
        assertThat(ids).hasSize(450).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(mapillary.user("alice").orElseThrow().ids());
        // verbatim: the fake escapes slashes like Meta does; a re-serialised record would not
        assertThat(lines.stream().filter(l -> l.contains("thumb_1024_url")).findFirst().orElseThrow())
                .contains("\\/");
        assertThat(dir.resolve(".api_cursor")).doesNotExist();
        try (Stream<Path> logs = Files.list(dir)) {
            Path log = logs.filter(p -> p.getFileName().toString().matches("download\\.log\\.\\d{8}-\\d{6}"))
                    .findFirst().orElseThrow();
            assertThat(Files.readAllLines(log)).anyMatch(l -> l.matches(
                    "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\[INFO] Fetched metadata for 450 images\\.\\.\\."));
        }

        List<JsonNode> withUrl = recs.stream().filter(n -> n.path("thumb_1024_url").isTextual()
                && !n.get("thumb_1024_url").asText().isEmpty()).toList();
        Map<String, Long> perDate = new TreeMap<>();
        withUrl.forEach(n -> perDate.merge(DateBucket.of(n), 1L, Long::sum));

        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> id.equals(rec.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            assertThat(mine).hasSize(withUrl.size());
            assertThat(mine).allSatisfy(rec -> {
                ImageTask t = Json.MAPPER.treeToValue(rec.value(), ImageTask.class);
                assertThat(rec.key()).isEqualTo(t.imageId());
                assertThat(t.collection()).isEqualTo("mapillary-alice-1024");
                assertThat(t.quality().label()).isEqualTo("1024");
                assertThat(t.webp()).isFalse();
            });
            assertThat(mine.stream().map(TopicReader.Rec::key)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(withUrl.stream().map(n -> n.get("id").asText()).toList());
        }
        try (TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            List<TopicReader.Rec> mine = events.readUntil(rec -> id.equals(rec.value().path("harvestId").asText()),
                    l -> l.size() >= 2, Duration.ofSeconds(20));
            assertThat(mine).extracting(rec -> rec.value().get("type").asText()).containsExactly("STARTED", "LISTED");
            assertThat(mine).allSatisfy(rec -> assertThat(rec.key()).isEqualTo("mapillary-alice-1024"));
            JsonNode listed = mine.get(1).value();
            assertThat(listed.get("total").asLong()).isEqualTo(withUrl.size());
            Map<String, Long> got = new TreeMap<>();
            listed.get("perDate").properties().forEach(e -> got.put(e.getKey(), e.getValue().asLong()));
            assertThat(got).isEqualTo(perDate);
        }
        assertThat(h.at("/counts/listed").asLong()).isEqualTo(withUrl.size());
        assertThat(h.at("/counts/skipped").asLong()).isEqualTo(450 - withUrl.size());
        assertThat(mapillary.requests().entries()).filteredOn(e -> e.path().startsWith("/images"))
                .isNotEmpty().allSatisfy(e -> {
                    assertThat(e.authorizationHeader()).isTrue();
                    assertThat(e.accessTokenParam()).isFalse();
                });
        assertThat(get(id).get("collection").asText()).isEqualTo("mapillary-alice-1024");
        given().get("/harvests").then().statusCode(200).body("id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void progressComesFromTheArchiversSnapshotsAndSteps() throws Exception {
        String id = start("{\"username\":\"bob\",\"checkIa\":false}");
        JsonNode h = awaitStatus(id, "FETCHING");
        long listed = h.at("/counts/listed").asLong();
        String collection = "mapillary-bob-original-webp";
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS);
             KafkaProducer<String, String> producer = producer()) {
            List<TopicReader.Rec> mine = tasks.readUntil(rec -> id.equals(rec.value().path("harvestId").asText()),
                    l -> l.size() >= listed, Duration.ofSeconds(20));
            assertThat(mine).hasSize((int) listed);
            // the archiver's tracking topology publishes absolute counts, the newest one last
            for (long done = 0; done <= listed; done += Math.max(1, listed / 3)) {
                long failed = Math.min(2, done);
                producer.send(new ProducerRecord<>(Topics.HARVEST_PROGRESS, collection, Json.MAPPER.writeValueAsString(
                        new HarvestProgress(1, id, collection, listed, done - failed, failed, 0,
                                (done - failed) * 1000, Instant.now())))).get();
            }
            producer.send(new ProducerRecord<>(Topics.HARVEST_PROGRESS, collection, Json.MAPPER.writeValueAsString(
                    new HarvestProgress(1, id, collection, listed, listed - 2, 2, 0, (listed - 2) * 1000,
                            Instant.now())))).get();
            h = awaitStatus(id, "ARCHIVING");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(listed - 2);
            assertThat(h.at("/counts/failed").asLong()).isEqualTo(2);
            assertThat(h.at("/counts/bytes").asLong()).isEqualTo((listed - 2) * 1000);

            producer.send(new ProducerRecord<>(Topics.COLLECTION_EVENTS, collection, Json.MAPPER.writeValueAsString(
                    CollectionEvent.of(CollectionEvent.Type.FINALISED, id, collection, null, listed - 2, 2,
                            123456, "output/" + collection, null)))).get();
            h = awaitStatus(id, "DONE");
            assertThat(h.at("/counts/fetched").asLong()).isEqualTo(listed - 2);
        }
        Path file = dataDir().resolve("staging").resolve(collection).resolve("harvest.json");
        Instant end = Instant.now().plusSeconds(10);
        while (!Files.readString(file).contains("\"DONE\"") && Instant.now().isBefore(end)) {
            sleep(100);
        }
        assertThat(Json.MAPPER.readTree(file.toFile()).get("status").asText()).isEqualTo("DONE");
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers",
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class)),
                new StringSerializer(), new StringSerializer());
    }

    @Test
    void sameCollectionTwiceIsAConflict() {
        String id = start("{\"username\":\"carol\",\"checkIa\":false}");
        post("{\"username\":\"carol\",\"checkIa\":false}").then().statusCode(409)
                .contentType("application/problem+json").body("status", equalTo(409))
                .body("harvest", equalTo(id)).body("title", notNullValue());
        // another quality is another collection
        String other = start("{\"username\":\"carol\",\"quality\":\"256\",\"checkIa\":false}");
        awaitStatus(id, "FETCHING");
        awaitStatus(other, "FETCHING");
    }

    @Test
    void finishedCollectionsAreSkippedUnlessForced() throws IOException {
        Files.createDirectories(dataDir().resolve("output/mapillary-dora-original-webp"));
        post("{\"username\":\"dora\"}").then().statusCode(200).body("status", equalTo("SKIPPED"))
                .body("reason", org.hamcrest.Matchers.containsString("already exists"));

        ia.putItem("mapillary-erin-original-webp", Map.of("title", "erin"), false);
        post("{\"username\":\"erin\"}").then().statusCode(200).body("status", equalTo("SKIPPED"))
                .body("reason", org.hamcrest.Matchers.containsString("archive.org"));
        String forced = start("{\"username\":\"erin\",\"force\":true}");
        awaitStatus(forced, "FETCHING");

        ia.putItem("mapillary-frank-original-webp", Map.of("title", "frank"), true);
        String dark = start("{\"username\":\"frank\"}");
        awaitStatus(dark, "FETCHING");
    }

    @Test
    void badInputIsAProblem() {
        for (String body : List.of("not json", "{\"username\":\"a\",\"colour\":\"red\"}", "{\"username\":\"../x\"}",
                "{\"username\":\"a\",\"quality\":\"512\"}", "{\"username\":\"a\",\"bbox\":[3,0,1,1]}", "[]", "")) {
            post(body).then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400)).body("type", notNullValue()).body("title", notNullValue())
                    .body("detail", notNullValue());
        }
        given().get("/harvests/nope").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void serverErrorsAndRateLimitsAreRetried() throws IOException {
        mapillary.faults().failNextApiRequests(3, 500);
        String gina = start("{\"username\":\"gina\",\"checkIa\":false}");
        awaitStatus(gina, "FETCHING");
        assertThat(records(dataDir().resolve("staging/mapillary-gina-original-webp/metadata.jsonl"))).hasSize(90);

        mapillary.faults().failNextApiRequests(0, 500).rateLimitEveryNth(2, 0);
        String alice = start("{\"username\":\"alice\",\"quality\":\"2048\",\"checkIa\":false}");
        awaitStatus(alice, "FETCHING");
        assertThat(records(dataDir().resolve("staging/mapillary-alice-2048-webp/metadata.jsonl"))).hasSize(450);
        assertThat(mapillary.requests().entries()).anyMatch(e -> e.status() == 429);
    }

    @Test
    void clientErrorsFailFastWithoutTheToken() throws IOException {
        mapillary.faults().failNextApiRequests(1, 401);
        String id = start("{\"username\":\"alice\",\"quality\":\"256\",\"checkIa\":false}");
        JsonNode h = awaitStatus(id, "FAILED");
        assertThat(h.get("reason").asText()).contains("401").doesNotContain(mapillary.token());
        try (TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            assertThat(events.readUntil(rec -> id.equals(rec.value().path("harvestId").asText()),
                    l -> l.size() >= 2, Duration.ofSeconds(20)))
                    .extracting(rec -> rec.value().get("type").asText()).containsExactly("STARTED", "FAILED");
        }
        // the token reaches no log line and no file of the data dir
        assertThat(Files.readString(Path.of("target/harvester-tests.log"), StandardCharsets.ISO_8859_1))
                .contains("HTTP 401").doesNotContain(mapillary.token());
        try (Stream<Path> files = Files.walk(dataDir())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(f, StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(mapillary.token());
            }
        }
    }

    @Test
    void anEmptyUserIsDoneWithNothingToArchive() {
        String id = start("{\"username\":\"emptyuser\",\"checkIa\":false}");
        JsonNode h = awaitStatus(id, "DONE");
        assertThat(h.at("/counts/listed").asLong()).isZero();
        assertThat(h.get("reason").asText()).contains("no images");
    }

    @Test
    void hostileRecordsAreRejectedAndCounted() {
        mapillary.faults().hostileRecords(10);
        String id = start("{\"username\":\"hostile\",\"checkIa\":false}");
        JsonNode h = awaitStatus(id, "FETCHING");
        assertThat(h.at("/counts/rejected").asLong()).isEqualTo(6);
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> id.equals(rec.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            assertThat(mine).hasSize((int) h.at("/counts/listed").asLong());
            Set<String> keys = new HashSet<>();
            mine.forEach(rec -> keys.add(rec.key()));
            assertThat(keys).noneMatch(k -> k.contains("/") || k.contains(".."));
        }
    }

    @Test
    void cancelStopsPublishing() throws Exception {
        mapillary.faults().apiLatency(Duration.ofMillis(300));
        String id = start("{\"username\":\"ivan\",\"checkIa\":false}");
        Instant end = Instant.now().plusSeconds(30);
        while (get(id).at("/counts/listed").asLong() == 0 && Instant.now().isBefore(end)) {
            sleep(50);
        }
        given().delete("/harvests/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        given().delete("/harvests/nope").then().statusCode(404);
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS);
             TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> id.equals(rec.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            assertThat(mine).hasSizeLessThan(400);
            assertThat(events.readUntil(rec -> id.equals(rec.value().path("harvestId").asText()),
                    l -> l.size() >= 2, Duration.ofSeconds(20)))
                    .extracting(rec -> rec.value().get("type").asText()).containsExactly("STARTED", "CANCELLED");
        }
        sleep(500);
        assertThat(get(id).get("status").asText()).isEqualTo("CANCELLED");
        Path metadata = dataDir().resolve("staging/mapillary-ivan-original-webp/metadata.jsonl");
        assertThat(Files.readAllLines(metadata)).doesNotContain("{\"__complete__\": true}");

        // harvesting again later publishes every image under the new harvest, once
        mapillary.faults().apiLatency(Duration.ZERO);
        String again = start("{\"username\":\"ivan\",\"checkIa\":false}");
        JsonNode h = awaitStatus(again, "FETCHING");
        List<JsonNode> recs = records(metadata);
        assertThat(recs.stream().map(n -> n.get("id").asText())).hasSize(400).doesNotHaveDuplicates();
        List<String> withUrl = recs.stream().filter(n -> n.path("thumb_original_url").isTextual()
                && !n.get("thumb_original_url").asText().isEmpty()).map(n -> n.get("id").asText()).toList();
        assertThat(h.at("/counts/listed").asLong()).isEqualTo(withUrl.size());
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> again.equals(rec.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            assertThat(mine.stream().map(TopicReader.Rec::key)).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(withUrl);
        }
    }

    @Test
    void eventsStreamProgressUntilTheEnd() throws Exception {
        String done = start("{\"username\":\"emptyuser\",\"quality\":\"256\",\"checkIa\":false}");
        awaitStatus(done, "DONE");
        String body = given().accept("text/event-stream").get("/harvests/" + done + "/events").then()
                .statusCode(200).extract().asString();
        assertThat(body.lines().filter(l -> l.startsWith("data:"))).hasSize(1).first().asString()
                .contains("\"status\":\"DONE\"");

        String running = start("{\"username\":\"judy\",\"checkIa\":false}");
        awaitStatus(running, "FETCHING");
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        var response = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/harvests/"
                                + running + "/events")).header("Accept", "text/event-stream").build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Stream<String> lines = response.body()) {
            List<String> events = lines.filter(l -> l.startsWith("data:")).limit(3).toList();
            assertThat(events).hasSize(3).allSatisfy(e -> assertThat(e).contains("\"status\":\"FETCHING\"")
                    .contains("\"listed\":").contains(running));
        }
    }

    @Test
    void aBboxHarvestIsItsOwnCollectionAndAsksTheApiForTheBox() throws IOException {
        List<double[]> points = mapillary.user("frank").orElseThrow().records()
                .map(i -> i.geometry()).filter(g -> g != null && g.length >= 2).toList();
        double[] lons = points.stream().mapToDouble(g -> g[0]).sorted().toArray();
        double[] lats = points.stream().mapToDouble(g -> g[1]).sorted().toArray();
        String bbox = (lons[0] - 0.001) + "," + (lats[0] - 0.001) + "," + lons[lons.length / 2] + ","
                + (lats[lats.length - 1] + 0.001);
        Response r = post("{\"username\":\"frank\",\"quality\":\"256\",\"checkIa\":false,\"bbox\":\"" + bbox + "\"}");
        r.then().statusCode(202);
        String collection = r.path("collection");
        assertThat(collection).matches("mapillary-frank-256-webp-bbox-[0-9a-f]{8}");
        awaitStatus(r.path("id"), "FETCHING", "DONE");
        List<String> ids = records(dataDir().resolve("staging").resolve(collection).resolve("metadata.jsonl"))
                .stream().map(n -> n.get("id").asText()).toList();
        assertThat(ids).isNotEmpty().hasSizeLessThan(100).doesNotHaveDuplicates()
                .isSubsetOf(mapillary.user("frank").orElseThrow().ids());
        assertThat(mapillary.requests().entries()).filteredOn(e -> e.query() != null
                        && e.query().startsWith("creator_username=frank&") && e.query().contains("thumb_256_url"))
                .isNotEmpty().allMatch(e -> e.query().contains("bbox="));
    }
}
