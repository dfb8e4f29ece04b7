package mapillary.archive.harvester.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import mapillary.archive.common.kafka.Topics;
import mapillary.archive.harvester.FakeServicesResource;
import mapillary.archive.harvester.TopicReader;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Twenty identical POSTs at the same instant start exactly one harvest; the others are 409s naming it. */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeServicesResource.class)
class ConcurrentStartTest {

    private static final String COLLECTION = "mapillary-racer-original-webp";

    FakeMapillary mapillary;

    @AfterEach
    void reset() {
        mapillary.faults().apiLatency(Duration.ZERO);
    }

    @Test
    void concurrentDuplicatePostsStartOneHarvest() throws Exception {
        // slow pages keep the first harvest LISTING while the others arrive; the IA check runs for each POST
        mapillary.faults().apiLatency(Duration.ofMillis(150));
        int n = 20;
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> calls = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                calls.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return given().contentType(ContentType.JSON).body("{\"username\":\"racer\"}").post("/harvests");
                }));
            }
            ready.await();
            go.countDown();
        }
        List<Response> answers = new ArrayList<>();
        for (Future<Response> f : calls) {
            answers.add(f.get());
        }
        List<Response> started = answers.stream().filter(r -> r.statusCode() == 202).toList();
        assertThat(started).as(answers.stream().map(Response::asString).toList().toString()).hasSize(1);
        String id = started.getFirst().path("id");
        assertThat(answers).filteredOn(r -> r.statusCode() != 202).hasSize(n - 1).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(r.<String>path("harvest")).isEqualTo(id);
        });

        Instant end = Instant.now().plusSeconds(60);
        while (!"FETCHING".equals(given().get("/harvests/" + id).path("status")) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
        }
        assertThat(given().get("/harvests/" + id).<String>path("status")).isEqualTo("FETCHING");
        assertThat(given().get("/harvests").then().extract().jsonPath().getList("collection", String.class))
                .filteredOn(COLLECTION::equals).hasSize(1);
        // one listing: the first page was asked for once
        assertThat(mapillary.requests().entries()).filteredOn(e -> e.query() != null
                && e.query().startsWith("creator_username=racer&") && !e.query().contains("after=")).hasSize(1);
        try (TopicReader events = new TopicReader(Topics.HARVEST_EVENTS)) {
            List<TopicReader.Rec> mine = events.readAll(rec -> COLLECTION.equals(rec.key()), Duration.ofSeconds(2));
            assertThat(mine).extracting(rec -> rec.value().get("type").asText()).containsExactly("STARTED", "LISTED");
            assertThat(mine).allSatisfy(rec -> assertThat(rec.value().get("harvestId").asText()).isEqualTo(id));
        }
        try (TopicReader tasks = new TopicReader(Topics.IMAGE_TASKS)) {
            List<TopicReader.Rec> mine = tasks.readAll(rec -> COLLECTION.equals(rec.value().path("collection")
                    .asText()), Duration.ofSeconds(2));
            assertThat(mine).hasSize(given().get("/harvests/" + id).<Integer>path("counts.listed"));
            assertThat(mine.stream().map(TopicReader.Rec::key)).doesNotHaveDuplicates();
        }
    }
}
