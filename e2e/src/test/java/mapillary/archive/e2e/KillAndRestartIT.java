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
import java.time.Instant;
import java.time.ZoneOffset;
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
 * Crash safety across processes: SIGKILLing the fetcher mid-harvest and the archiver afterwards, then starting them
 * again, still ends DONE with every image in exactly one tar and no temp files or date directories left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillAndRestartIT {

    private static final String USER = "e2e-crash";
    private static final int IMAGES = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Pipeline pipeline;

    @BeforeAll
    void start() {
        pipeline = new Pipeline("kill-and-restart",
                List.of("--user", USER + ":" + IMAGES + ":11", "--cdn-latency-ms", "50"));
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void killedFetcherAndArchiverLoseAndDuplicateNothing() throws Exception {
        HttpResponse<String> created = post(pipeline.url("harvester") + "/harvests",
                "{\"username\":\"" + USER + "\",\"quality\":\"256\",\"webp\":false}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode harvest = JSON.readTree(created.body());
        String id = harvest.get("id").asText();
        String collection = harvest.get("collection").asText();

        JsonNode midway = awaitFetchedFraction(id, 0.10, 0.70, Duration.ofMinutes(4));
        pipeline.kill("fetcher");
        Thread.sleep(1000);
        pipeline.restart("fetcher");

        JsonNode afterFetcher = get(id);
        assertThat(afterFetcher.get("status").asText()).as("still running after the fetcher restart: " + afterFetcher
                + " (killed at " + midway + ")").isNotEqualTo("DONE");
        pipeline.kill("archiver");
        Thread.sleep(1000);
        pipeline.restart("archiver");

        JsonNode done = awaitStatus(id, "DONE", Duration.ofMinutes(6));

        Path output = pipeline.output(collection);
        assertThat(output.resolve("metadata.jsonl.gz")).exists();
        assertThat(pipeline.staging(collection)).doesNotExist();

        Map<String, String> expectedDate = new HashMap<>();
        List<JsonNode> records = readRecords(output.resolve("metadata.jsonl.gz"));
        for (JsonNode r : records) {
            if (r.hasNonNull("thumb_256_url")) {
                expectedDate.put(r.get("id").asText(), dateOf(r));
            }
        }
        assertThat(records).as("every listed record is in metadata.jsonl.gz once").hasSize(IMAGES);
        Set<String> expected = new HashSet<>(expectedDate.keySet());
        assertThat(expected).hasSizeGreaterThan(IMAGES / 2);

        List<Path> tars;
        try (Stream<Path> s = Files.list(output)) {
            tars = s.filter(p -> p.getFileName().toString().endsWith(".tar")).sorted().toList();
        }
        Map<String, Integer> seen = new HashMap<>();
        List<String> misplaced = new ArrayList<>();
        for (Path tar : tars) {
            String date = tar.getFileName().toString().replaceFirst("\\.tar$", "");
            try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
                TarArchiveEntry e;
                while ((e = in.getNextEntry()) != null) {
                    assertThat(e.isFile()).as(e.getName()).isTrue();
                    assertThat(e.getName()).as("entry of " + tar.getFileName()).startsWith(date + "/").endsWith(".jpg");
                    String file = Path.of(e.getName()).getFileName().toString();
                    String imageId = file.substring(0, file.length() - ".jpg".length());
                    seen.merge(imageId, 1, Integer::sum);
                    if (!date.equals(expectedDate.get(imageId))) {
                        misplaced.add(e.getName() + " in " + tar.getFileName());
                    }
                }
            }
        }
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen.keySet());
        Set<String> extra = new HashSet<>(seen.keySet());
        extra.removeAll(expected);
        Map<String, Integer> duplicated = new HashMap<>(seen);
        duplicated.values().removeIf(n -> n == 1);
        assertThat(missing).as("images missing from every tar" + pipeline.logs()).isEmpty();
        assertThat(extra).as("archived images not in metadata").isEmpty();
        assertThat(duplicated).as("images in more than one tar entry").isEmpty();
        assertThat(misplaced).as("entries in the wrong date's tar").isEmpty();

        try (Stream<Path> s = Files.list(output)) {
            assertThat(s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList())
                    .as("no date directory left beside the tars").noneMatch(n -> n.matches("[0-9]{4}-.*|unknown-date"));
        }
        assertThat(hiddenTempFiles(output)).as("temp files in the output collection").isEmpty();
        assertThat(hiddenTempFiles(pipeline.dataDir.resolve("staging"))).as("temp files in staging").isEmpty();

        assertThat(count(done, "listed")).as(done.toString()).isEqualTo(expected.size());
        assertThat(count(done, "fetched")).as(done.toString()).isEqualTo(expected.size());
        assertThat(count(done, "failed")).as(done.toString()).isZero();
    }

    private JsonNode awaitFetchedFraction(String id, double low, double high, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(id);
            long listed = count(last, "listed");
            long fetched = count(last, "fetched");
            if (listed > 0 && fetched >= low * listed && fetched <= high * listed) {
                return last;
            }
            if (listed > 0 && fetched > high * listed
                    || !Set.of("LISTING", "FETCHING").contains(last.get("status").asText())) {
                return fail("missed the window to kill the fetcher: " + last + pipeline.logs());
            }
            Thread.sleep(100);
        }
        return fail("fetching did not reach " + low + " of listed within " + timeout + "; last: " + last
                + pipeline.logs());
    }

    private JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(id);
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

    private JsonNode get(String id) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create(pipeline.url("harvester") + "/harvests/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> hiddenTempFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".") && n.endsWith(".tmp")).toList();
        }
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
        return Instant.ofEpochMilli(c.asLong()).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    private static List<JsonNode> readRecords(Path gz) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode n = JSON.readTree(line);
                    if (!n.has("__complete__")) {
                        records.add(n);
                    }
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
