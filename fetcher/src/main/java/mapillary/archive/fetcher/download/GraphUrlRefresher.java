package mapillary.archive.fetcher.download;

import mapillary.archive.common.http.RequestPacer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.common.http.RetryAfter;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Refreshes expired CDN URLs through the Graph API ({@code GET /{id}?fields=thumb_<q>_url} with
 * {@code Authorization: OAuth <token>}), rate-limited; the token never appears in a message.
 */
public final class GraphUrlRefresher implements UrlRefresher {

    private final HttpClient http;
    private final String apiUrl;
    private final Optional<String> token;
    private final RequestPacer limiter;
    private final Backoff backoff;
    private final Duration timeout;
    private final ObjectMapper mapper;

    public GraphUrlRefresher(HttpClient http, String apiUrl, Optional<String> token, RequestPacer limiter,
                             Backoff backoff, Duration timeout, ObjectMapper mapper) {
        this.http = http;
        this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
        this.token = token.filter(t -> !t.isBlank());
        this.limiter = limiter;
        this.backoff = backoff;
        this.timeout = timeout;
        this.mapper = mapper;
    }

    @Override
    public String refresh(String imageId, Quality quality) throws InterruptedException {
        if (token.isEmpty()) {
            throw new RefreshFailedException("no MAPILLARY_TOKEN to refresh the URL");
        }
        String field = quality.urlField();
        URI uri = URI.create(apiUrl + "/" + URLEncoder.encode(imageId, StandardCharsets.UTF_8) + "?fields=" + field);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "OAuth " + token.get())
                .header("Accept", "application/json")
                .GET().build();
        String last = "no attempt";
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            Duration wait = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    JsonNode body = mapper.readTree(response.body());
                    JsonNode url = body == null ? null : body.get(field);
                    if (url == null || !url.isTextual() || url.asText().isBlank()) {
                        throw new RefreshFailedException("API record has no " + field);
                    }
                    return url.asText();
                }
                last = "API answered HTTP " + status;
                if (status != 429 && status != 408 && status < 500) {
                    throw new RefreshFailedException(last);
                }
                if (status == 429) {
                    wait = response.headers().firstValue("Retry-After").flatMap(RetryAfter::parse).orElse(null);
                }
            } catch (IOException e) {
                last = "API request failed: " + e.getClass().getSimpleName();
            }
            if (!backoff.canRetryAfter(attempt)) {
                throw new RefreshFailedException(last + " after " + attempt + " attempts");
            }
            Duration delay = backoff.delayAfter(attempt);
            if (wait != null && wait.compareTo(delay) > 0) {
                delay = wait.compareTo(backoff.cap()) > 0 ? backoff.cap() : wait;
            }
            Thread.sleep(delay);
        }
    }
}
