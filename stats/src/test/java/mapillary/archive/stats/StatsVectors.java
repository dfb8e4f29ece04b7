package mapillary.archive.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The golden stats vector ({@code vectors/stats/stats.json} from testkit) and helpers to compare against it. */
public final class StatsVectors {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StatsVectors() {
    }

    public static JsonNode load() {
        try (InputStream in = StatsVectors.class.getClassLoader().getResourceAsStream("vectors/stats/stats.json")) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The scrape items as plain maps, for {@code FakeInternetArchive.seedItems}; each gets the
     * {@code mapillary_downloader} field the search matches on (the vector lists only the fields returned) and the
     * {@code uploader} the vector's {@code uploader_lookups} answer for it (where not null).
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> scrapeItems() {
        JsonNode vector = load();
        JsonNode uploaders = vector.path("uploader_lookups");
        List<Map<String, Object>> out = new ArrayList<>();
        vector.path("scrape_items").forEach(n -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>(MAPPER.convertValue(n, Map.class));
            m.putIfAbsent("mapillary_downloader", "0.12.0");
            JsonNode uploader = uploaders.path(n.path("identifier").asText());
            if (uploader.isTextual()) {
                m.put("uploader", uploader.asText());
            }
            out.add(m);
        });
        return out;
    }

    /** The expected text report for the vector ({@code stats_report_contract.txt}) with our cache path. */
    public static List<String> contractReport(java.nio.file.Path cache) {
        try (InputStream in = StatsVectors.class.getClassLoader()
                .getResourceAsStream("vectors/stats/stats_report_contract.txt")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
            if (lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            assertThat(lines.getLast()).startsWith("Cache: ");
            lines.set(lines.size() - 1, "Cache: " + cache.toAbsolutePath().normalize());
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The vector's contract cache as entries, in the vector's order. */
    public static Map<String, mapillary.archive.stats.model.CollectionEntry> contractCache() {
        Map<String, mapillary.archive.stats.model.CollectionEntry> out = new java.util.LinkedHashMap<>();
        load().path("contract_cache").fields().forEachRemaining(e -> out.put(e.getKey(),
                MAPPER.convertValue(e.getValue(), mapillary.archive.stats.model.CollectionEntry.class)));
        return out;
    }

    public static List<JsonNode> scrapeItemNodes() {
        List<JsonNode> out = new ArrayList<>();
        load().path("scrape_items").forEach(out::add);
        return out;
    }

    /** A fresh directory under the module's testkit work dir. */
    public static Path workDir(String prefix) {
        try {
            Path base = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work"));
            return Files.createDirectories(base.resolve(prefix + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code actual} (total, users, by_quality) equals the vector's {@code contract_aggregate}. */
    public static void assertContractAggregate(JsonNode actual) {
        JsonNode expected = load().path("contract_aggregate");
        for (String f : List.of("collections", "total_images", "unique_images", "bytes")) {
            assertThat(actual.path("total").path(f).asLong()).as("total.%s", f)
                    .isEqualTo(expected.path("total").path(f).asLong());
        }
        List<String> users = new ArrayList<>();
        actual.path("users").forEach(u -> users.add(u.asText()));
        List<String> expectedUsers = new ArrayList<>();
        expected.path("users").forEach(u -> expectedUsers.add(u.asText()));
        assertThat(users).isEqualTo(expectedUsers);
        List<String> order = new ArrayList<>();
        actual.path("by_quality").fieldNames().forEachRemaining(order::add);
        assertThat(order).containsExactly("original", "2048", "1024", "256");
        for (String q : order) {
            for (String f : List.of("collections", "images", "bytes")) {
                assertThat(actual.path("by_quality").path(q).path(f).asLong()).as("by_quality.%s.%s", q, f)
                        .isEqualTo(expected.path("by_quality").path(q).path(f).asLong());
            }
        }
    }
}
