package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The walking skeleton across processes: one REST call harvests a synthetic user through Kafka into a finished
 * collection with one deterministic tar per capture date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonIT {

    private static final String USER = "e2e-alice";
    private static final int IMAGES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Pipeline pipeline;

    @BeforeAll
    void start() {
        pipeline = new Pipeline("walking-skeleton", List.of("--user", USER + ":" + IMAGES + ":7"));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void harvestEndsDoneWithEveryImageInExactlyOneSortedTar() throws Exception {
        HttpResponse<String> created = post(pipeline.url("harvester") + "/harvests",
                "{\"username\":\"" + USER + "\",\"quality\":\"256\",\"webp\":true}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode harvest = JSON.readTree(created.body());
        String id = harvest.get("id").asText();
        String collection = harvest.get("collection").asText();
        assertThat(collection).isEqualTo("mapillary-" + USER + "-256-webp");

        JsonNode done = awaitStatus(id, "DONE", Duration.ofMinutes(4));

        Path output = pipeline.output(collection);
        assertThat(output.resolve("metadata.jsonl.gz")).exists();
        assertThat(pipeline.staging(collection)).doesNotExist();

        List<JsonNode> records = readRecords(output.resolve("metadata.jsonl.gz"));
        Set<String> expected = new HashSet<>();
        Map<String, String> expectedDate = new HashMap<>();
        for (JsonNode r : records) {
            if (r.hasNonNull("thumb_256_url")) {
                String imageId = r.get("id").asText();
                expected.add(imageId);
                expectedDate.put(imageId, dateOf(r));
            }
        }
        assertThat(records).as("every listed record is in metadata.jsonl.gz once").hasSize(IMAGES);
        assertThat(expected).hasSizeGreaterThan(IMAGES / 2);
        assertThat(expectedDate.values().stream().distinct().count()).as("several capture dates").isGreaterThan(2);

        List<Path> tars;
        try (Stream<Path> s = Files.list(output)) {
            tars = s.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        assertThat(tars).hasSize((int) expectedDate.values().stream().distinct().count());

        Map<String, Integer> seen = new HashMap<>();
        for (Path tar : tars) {
            String date = tar.getFileName().toString().replaceFirst("\\.tar$", "");
            List<String> names = new ArrayList<>();
            try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    assertThat(e.isFile()).as(e.getName()).isTrue();
                    assertThat(e.getLongUserId()).isZero();
                    assertThat(e.getLongGroupId()).isZero();
                    names.add(e.getName());
                    String file = Path.of(e.getName()).getFileName().toString();
                    assertThat(e.getName()).startsWith(date + "/").endsWith(".webp");
                    String imageId = file.substring(0, file.length() - ".webp".length());
                    seen.merge(imageId, 1, Integer::sum);
                    assertThat(expectedDate.get(imageId)).as("date of " + imageId).isEqualTo(date);
                }
            }
            assertThat(names).as("entries of " + tar.getFileName()).isSortedAccordingTo(String::compareTo);
        }
        assertThat(seen.keySet()).as("archived images").isEqualTo(expected);
        assertThat(seen.values()).as("each image in exactly one tar").containsOnly(1);

        try (Stream<Path> s = Files.list(output)) {
            assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
                    .as("no date directory left beside the tars").noneMatch(n -> n.matches("[0-9]{4}-.*|unknown-date"));
        }
        String description = Files.readString(output.resolve(".meta/description/0"));
        assertThat(description).contains("Contains " + String.format("%,d", expected.size()) + " images");

        assertThat(count(done, "listed")).isEqualTo(expected.size());
        assertThat(count(done, "fetched")).isEqualTo(expected.size());
        assertThat(count(done, "failed")).isZero();
    }

    private JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(pipeline.url("harvester") + "/harvests/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            last = JSON.readTree(r.body());
            String status = last.get("status").asText();
            if (wanted.equals(status)) {
                return last;
            }
            if (Set.of("FAILED", "CANCELLED").contains(status)) {
                fail("harvest ended " + status + ": " + last + pipeline.logs());
            }
            Thread.sleep(500);
        }
        return fail("harvest did not reach " + wanted + " within " + timeout + "; last: " + last + pipeline.logs());
    }

    private static long count(JsonNode harvest, String name) {
        JsonNode counts = harvest.has("counts") ? harvest.get("counts") : harvest;
        return counts.get(name).asLong();
    }

    private static String dateOf(JsonNode record) {
        JsonNode c = record.get("captured_at");
        if (c == null || !c.isNumber() || c.asLong() == 0) {
            return "unknown-date";
        }
        return java.time.Instant.ofEpochMilli(c.asLong()).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    private static List<JsonNode> readRecords(Path gz) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if (!n.has("__complete__")) {
                    records.add(n);
                }
            }
        }
        return records;
    }

    private HttpResponse<String> post(String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
