package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** 25,000 collections (three scrape pages) plus malformed and foreign items: totals equal the seeded truth. */
@QuarkusTest
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class LargeRefreshTest {

    private static final int COLLECTIONS = 25_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectFakeIa
    FakeInternetArchive ia;

    @Test
    void totalsEqualTheSeededTruth() throws Exception {
        Quality[] qualities = Quality.values();
        List<Map<String, Object>> docs = new ArrayList<>();
        long images = 0;
        long bytes = 0;
        Map<String, long[]> perQuality = new HashMap<>();
        Map<String, Long> maxPerUser = new HashMap<>();
        int items = 0;
        for (int i = 0; i < COLLECTIONS; i++) {
            int u = i % 9_000;
            String user = "user" + u;
            Quality q = qualities[(i / 9_000 + u) % qualities.length];
            boolean webp = i % 7 == 0;
            long n = 1 + (i * 37L) % 5_000;
            long size = n * 150_000 + i;
            String id = "mapillary-" + user + "-" + q.label() + (webp ? "-webp" : "");
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("identifier", id);
            doc.put("mapillary_downloader", "0.1.0");
            doc.put("collection", List.of("mapillary-images"));
            doc.put("first_capture", "2023-0" + (1 + i % 9) + "-01");
            doc.put("last_capture", "2023-0" + (1 + i % 9) + "-28");
            if (i % 2 == 0) {
                doc.put("image_count", Long.toString(n));
                doc.put("description", "Contains 99 images");
            } else {
                doc.put("description", List.of("Street-level imagery. Contains " + String.format("%,d", n)
                        + " images in some resolution."));
            }
            if (i % 10 == 0) {
                // a size-cap part: half of the bytes in -2, same collection
                doc.put("item_size", size - size / 2);
                docs.add(doc);
                Map<String, Object> part = new LinkedHashMap<>(doc);
                part.put("identifier", id + "-2");
                part.put("item_size", Long.toString(size / 2));
                part.put("image_count", "0");
                part.remove("description");
                docs.add(part);
                items += 2;
            } else {
                doc.put("item_size", size);
                docs.add(doc);
                items++;
            }
            images += n;
            bytes += size;
            maxPerUser.merge(user, n, Math::max);
            long[] t = perQuality.computeIfAbsent(q.label(), k -> new long[3]);
            t[0]++;
            t[1] += n;
            t[2] += size;
        }
        docs.add(Map.of("description", "no identifier", "mapillary_downloader", "1"));
        docs.add(Map.of("description", "no identifier either", "mapillary_downloader", "1", "item_size", 5));
        docs.add(Map.of("identifier", "mapillary-zoe-4096", "mapillary_downloader", "1", "item_size", 5));
        docs.add(Map.of("identifier", "not-ours", "mapillary_downloader", "1"));
        try {
            ia.reset();
            ia.seedItems(docs);
            long t0 = System.nanoTime();
            JsonNode stats = JSON.readTree(given().when().post("/stats/refresh").then().statusCode(200).extract()
                    .asString());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("Refresh of %,d collections (%,d items) from the fake IA took %d ms%n", COLLECTIONS,
                    items + 4, millis);

            assertThat(stats.path("total").path("collections").asInt()).isEqualTo(COLLECTIONS);
            assertThat(stats.path("total").path("total_images").asLong()).isEqualTo(images);
            assertThat(stats.path("total").path("bytes").asLong()).isEqualTo(bytes);
            assertThat(stats.path("total").path("unique_images").asLong())
                    .isEqualTo(maxPerUser.values().stream().mapToLong(Long::longValue).sum());
            assertThat(stats.path("user_count").asInt()).isEqualTo(9_000);
            assertThat(stats.path("malformed").asInt()).isEqualTo(2);
            assertThat(stats.path("skipped").asInt()).isEqualTo(2);
            List<String> order = new ArrayList<>();
            stats.path("by_quality").fieldNames().forEachRemaining(order::add);
            assertThat(order).containsExactly("original", "2048", "1024", "256");
            for (String q : order) {
                long[] t = perQuality.get(q);
                JsonNode got = stats.path("by_quality").path(q);
                assertThat(new long[]{got.path("collections").asLong(), got.path("images").asLong(),
                        got.path("bytes").asLong()}).as(q).containsExactly(t);
            }
            long monthImages = 0;
            long monthBytes = 0;
            for (JsonNode m : stats.path("by_month")) {
                monthImages += m.path("images").asLong();
                monthBytes += m.path("bytes").asLong();
            }
            assertThat(stats.path("by_month").size()).isEqualTo(9);
            assertThat(monthImages).isEqualTo(images);
            assertThat(monthBytes).isEqualTo(bytes);
            assertThat(ia.requests().stream().filter(r -> r.contains("/scrape"))).hasSize(3);
        } finally {
            ia.reset();
            ia.seedItems(StatsVectors.scrapeItems());
            given().when().post("/stats/refresh").then().statusCode(200);
        }
    }
}
