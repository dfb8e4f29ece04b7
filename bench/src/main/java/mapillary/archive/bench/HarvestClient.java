package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

/** The harvester's REST API as the harness drives it: start a harvest, poll it until a state. */
public final class HarvestClient {

    private static final Set<String> ENDED = Set.of("FAILED", "CANCELLED", "SKIPPED");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public HarvestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** POSTs {@code json} to /harvests and returns the harvest; throws unless the answer is 202. */
    public JsonNode start(String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/harvests"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
            throw new IllegalStateException("POST /harvests " + json + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    public JsonNode get(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/harvests/" + id)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET /harvests/" + id + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    /**
     * Polls every {@code pollMillis} until {@code condition} holds; throws on FAILED, CANCELLED or SKIPPED and after
     * {@code timeout}.
     */
    public JsonNode await(String id, Predicate<JsonNode> condition, Duration timeout, long pollMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(id);
            if (condition.test(last)) {
                return last;
            }
            if (ENDED.contains(last.path("status").asText())) {
                throw new IllegalStateException("harvest ended " + last.path("status").asText() + ": " + last);
            }
            Thread.sleep(pollMillis);
        }
        throw new IllegalStateException("harvest " + id + " not done within " + timeout + "; last: " + last);
    }

    /** A count of a harvest (listed, fetched, failed, bytes, ...). */
    public static long count(JsonNode harvest, String name) {
        return harvest.path("counts").path(name).asLong();
    }
}
