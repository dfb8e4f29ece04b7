package mapillary.archive.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** Sends one request to a service and turns every way it can go wrong into an {@link ApiException}. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final URI base;
    private final String what;
    private final Optional<String> bearer;

    /** {@code what} names the service in messages ("harvester"); {@code bearer} is sent, never shown. */
    Http(URI base, String what, Optional<String> bearer) {
        this.base = base;
        this.what = what;
        this.bearer = bearer.filter(k -> !k.isBlank());
    }

    URI base() {
        return base;
    }

    /** The answer to {@code method path} (any status); ApiException when the service cannot be reached. */
    HttpResponse<String> send(String method, String path, String accept, String jsonBody) throws ApiException {
        URI uri = resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Accept", accept)
                .method(method, jsonBody == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        if (jsonBody != null) {
            b.header("Content-Type", "application/json");
        }
        bearer.ifPresent(k -> b.header("Authorization", "Bearer " + k));
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new ApiException(0, "cannot reach the " + what + " at " + base + " (connection refused)", null);
        } catch (HttpTimeoutException e) {
            throw new ApiException(0, "the " + what + " at " + base + " did not answer in time", null);
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach the " + what + " at " + base + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted", null);
        }
    }

    /** An ApiException describing a non-2xx answer: the problem's title and detail when it has one. */
    ApiException failure(HttpResponse<String> r) {
        String body = r.body() == null ? "" : r.body().strip();
        String harvest = null;
        String text = null;
        if (body.startsWith("{")) {
            try {
                JsonNode n = MAPPER.readTree(body);
                String title = n.path("title").asText("");
                String detail = n.path("detail").asText(n.path("error").asText(""));
                harvest = n.path("harvest").isTextual() ? n.path("harvest").asText() : null;
                text = title.isEmpty() ? detail : detail.isEmpty() ? title : title + ": " + detail;
            } catch (IOException e) {
                text = null;
            }
        }
        if (text == null || text.isEmpty()) {
            text = body.isEmpty() ? "(no body)" : abbreviate(body.lines().findFirst().orElse(""), 200);
        }
        return new ApiException(r.statusCode(), "HTTP " + r.statusCode() + " from the " + what + ": " + text,
                harvest);
    }

    <T> T read(HttpResponse<String> r, Class<T> type) throws ApiException {
        try {
            return MAPPER.readValue(r.body(), type);
        } catch (IOException e) {
            throw new ApiException(0, "the " + what + " at " + base + " answered something that is not a harvest: "
                    + abbreviate(String.valueOf(r.body()), 200), null);
        }
    }

    private URI resolve(String path) {
        String b = base.toString();
        return URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path);
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
