package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The harvester's REST API as the end-to-end tests use it: start a harvest, read it, wait for a state. */
final class HarvesterApi {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final Pipeline pipeline;

    HarvesterApi(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** POSTs a harvest, expects 202 and returns the harvest. */
    JsonNode start(String json) throws Exception {
        HttpResponse<String> r = http.send(request("/harvests")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body());
    }

    JsonNode get(String id) throws Exception {
        HttpResponse<String> r = http.send(request("/harvests/" + id).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** A request to the harvester, carrying the API key when the pipeline has one. */
    HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pipeline.url("harvester") + path));
        String key = pipeline.apiKey();
        return key == null ? b : b.header("Authorization", "Bearer " + key);
    }

    /** Waits for the status {@code wanted}; fails at once on FAILED or CANCELLED, with every process's log tail. */
    JsonNode awaitStatus(String id, String wanted, Duration timeout) throws Exception {
        return await(id, h -> wanted.equals(h.get("status").asText()), "status " + wanted, timeout, 500);
    }

    /** Polls until {@code condition} holds; fails on FAILED or CANCELLED or after {@code timeout}. */
    JsonNode await(String id, Predicate<JsonNode> condition, String what, Duration timeout, long pollMillis)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(id);
            if (condition.test(last)) {
                return last;
            }
            String status = last.get("status").asText();
            if (Set.of("FAILED", "CANCELLED").contains(status)) {
                fail("harvest ended " + status + ": " + last + pipeline.logs());
            }
            Thread.sleep(pollMillis);
        }
        return fail("harvest did not reach " + what + " within " + timeout + "; last: " + last + pipeline.logs());
    }

    /** A count of a harvest (listed, fetched, failed, ...). */
    static long count(JsonNode harvest, String name) {
        JsonNode counts = harvest.has("counts") ? harvest.get("counts") : harvest;
        return counts.get(name).asLong();
    }
}
