package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.harvester.TopicReader;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A harvester restarted after a kill in mid-listing finishes the listing with no duplicate and no missing task. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(CrashedListingResource.class)
class ResumeAfterCrashTest {

    CrashedListingResource.Scenario scenario;
    FakeMapillary mapillary;

    @Test
    void resumesFromTheCursorWithoutDuplicates() throws Exception {
        String id = scenario.harvestId();
        Instant end = Instant.now().plusSeconds(60);
        JsonNode h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().statusCode(200).extract().asString());
        while (!"FETCHING".equals(h.get("status").asText()) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().extract().asString());
        }
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("FETCHING");

        Path dir = scenario.dataDir().resolve("staging").resolve(scenario.collection());
        List<String> lines = Files.readAllLines(dir.resolve("metadata.jsonl"), StandardCharsets.UTF_8);
        assertThat(lines.getLast()).isEqualTo("{\"__complete__\": true}");
        List<String> ids = lines.subList(0, lines.size() - 1).stream()
                .map(ResumeAfterCrashTest::idOf).toList();
        List<String> all = mapillary.user(CrashedListingResource.USER).orElseThrow().ids();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);

        // the resumed listing did not start over: no request without a cursor
        assertThat(mapillary.requests().entries()).filteredOn(e -> e.path().equals("/images"))
                .allMatch(e -> e.query().contains("after="));

        // page 1 was acknowledged before its cursor was saved, and so were the first 20 tasks of page 2
        Set<String> published = new HashSet<>(scenario.page1Ids());
        published.addAll(scenario.page2Ids().subList(0, 20));
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(r -> id.equals(r.value().path("harvestId").asText()),
                    Duration.ofSeconds(2));
            List<String> keys = mine.stream().map(TopicReader.Rec::key).toList();
            assertThat(keys).doesNotHaveDuplicates().noneMatch(published::contains)
                    .containsAll(scenario.page2Ids().subList(20, 100).stream().filter(k -> withUrl(dir, k))
                            .toList());
            long expectedAfterCrash = all.stream().filter(k -> !published.contains(k)).filter(k -> withUrl(dir, k))
                    .count();
            assertThat(keys).hasSize((int) expectedAfterCrash);
        }
        assertThat(dir.resolve(".listing-published")).doesNotExist();
        try (TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            List<TopicReader.Rec> listed = events.readUntil(r -> id.equals(r.value().path("harvestId").asText())
                    && "LISTED".equals(r.value().path("type").asText()), l -> !l.isEmpty(), Duration.ofSeconds(20));
            assertThat(listed).hasSize(1);
            long total = all.stream().filter(k -> withUrl(dir, k)).count();
            assertThat(listed.getFirst().value().get("total").asLong()).isEqualTo(total);
            assertThat(h.at("/counts/listed").asLong()).isEqualTo(total);
        }

        given().get("/harvests/" + scenario.doneHarvestId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("DONE"));
    }

    @Test
    void resumesTheRepublicationOfAnEarlierListingFromItsCursor() throws Exception {
        String id = scenario.republishHarvestId();
        Instant end = Instant.now().plusSeconds(60);
        JsonNode h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().statusCode(200).extract().asString());
        while (!"FETCHING".equals(h.get("status").asText()) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().extract().asString());
        }
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo("FETCHING");
        Path dir = scenario.dataDir().resolve("staging").resolve(scenario.republishCollection());
        Set<String> withUrl = new HashSet<>();
        for (String l : Files.readAllLines(dir.resolve("metadata.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(l);
            if (!n.path("thumb_original_url").asText().isEmpty()) {
                withUrl.add(n.get("id").asText());
            }
        }
        List<String> all = scenario.allIds();
        List<String> expected = all.subList(scenario.republishedBefore(), all.size()).stream()
                .filter(withUrl::contains).toList();
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<String> keys = tasks.readAll(r -> id.equals(r.value().path("harvestId").asText()),
                    Duration.ofSeconds(2)).stream().map(TopicReader.Rec::key).toList();
            // exactly the records after the cursor: none missing, none of the acknowledged ones again
            assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(h.at("/counts/listed").asLong()).isEqualTo(withUrl.size());
        assertThat(dir.resolve(".republish-cursor")).doesNotExist();
    }

    private static String idOf(String line) {
        try {
            return Json.MAPPER.readTree(line).get("id").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(line, e);
        }
    }

    private static final java.util.Map<String, Boolean> URLS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Whether the record with this id (from metadata.jsonl) has a thumb_original_url. */
    private static boolean withUrl(Path dir, String imageId) {
        if (URLS.isEmpty()) {
            try {
                for (String l : Files.readAllLines(dir.resolve("metadata.jsonl"))) {
                    JsonNode n = Json.MAPPER.readTree(l);
                    if (n.has("id")) {
                        URLS.put(n.get("id").asText(), n.path("thumb_original_url").isTextual()
                                && !n.get("thumb_original_url").asText().isEmpty());
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return URLS.getOrDefault(imageId, false);
    }
}
