package mapillary.archive.harvester.mapillary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.common.http.RequestPacer;
import mapillary.archive.common.http.RetryAfter;
import mapillary.archive.harvester.config.MapillaryConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Fetches listing pages from the Graph API with the token in the {@code Authorization: OAuth} header only,
 * honouring 429/Retry-After, backing off on 5xx/timeouts/connection errors and failing fast on other 4xx.
 */
@ApplicationScoped
public class MapillaryClient {

    private static final Logger LOG = Logger.getLogger(MapillaryClient.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final MapillaryConfig config;
    private final HttpClient http;
    private final Backoff backoff;
    private final RequestPacer pacer;

    @Inject
    public MapillaryClient(MapillaryConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.backoff = new Backoff(Math.max(1, config.maxAttempts()), config.backoffBase(), config.backoffCap(),
                true);
        this.pacer = new RequestPacer(config.requestsPerMinute());
    }

    public boolean hasToken() {
        return config.token().filter(t -> !t.isBlank()).isPresent();
    }

    /** The first page's URL for a user. */
    public String firstPageUrl(String username, mapillary.archive.common.collection.Quality quality,
                               mapillary.archive.common.collection.Bbox bbox) {
        return ImagesQuery.firstPage(config.apiUrl(), username, quality, config.pageSize(), bbox);
    }

    /**
     * GETs one page (the URL verbatim), retrying as the policy says. {@code log} receives the retry lines for
     * the collection's download.log. Throws InterruptedException when the harvest is cancelled.
     */
    public Page fetch(String url, Consumer<String> log) throws MapillaryApiException, InterruptedException {
        String token = config.token().orElse("");
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().timeout(config.timeout())
                .header("Authorization", "OAuth " + token).header("Accept", "application/json").build();
        int attempt = 0;
        int throttled = 0;
        while (true) {
            pacer.acquire();
            String failure;
            int status = 0;
            Duration wait;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                status = response.statusCode();
                if (status == 200) {
                    try {
                        return PageParser.parse(response.body());
                    } catch (IOException | ClassCastException e) {
                        throw new MapillaryApiException(status, "Mapillary answered with a body that is not a "
                                + "listing page (" + safe(e.getMessage(), token) + ")");
                    }
                }
                String apiMessage = errorMessage(response.body(), token);
                failure = "HTTP " + status + (apiMessage.isEmpty() ? "" : ": " + apiMessage);
                if (status == 429) {
                    throttled++;
                    if (throttled > config.maxThrottled()) {
                        throw new MapillaryApiException(status, "Mapillary rate limit: " + throttled
                                + " answers of HTTP 429 in a row: " + failure);
                    }
                    wait = response.headers().firstValue("Retry-After").flatMap(RetryAfter::parse)
                            .orElse(backoff.delayAfter(Math.min(throttled, 8)));
                    note(log, "Rate limited by Mapillary (" + failure + "), waiting "
                            + String.format(Locale.ROOT, "%.1f", wait.toMillis() / 1000.0) + " seconds...");
                    Thread.sleep(wait);
                    continue;
                }
                if (status != 408 && status < 500) {
                    throw new MapillaryApiException(status, "Mapillary API error " + failure);
                }
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                        + safe(e.getMessage(), token));
            }
            attempt++;
            if (!backoff.canRetryAfter(attempt)) {
                throw new MapillaryApiException(status, "Mapillary API request failed after " + attempt
                        + " attempts: " + failure);
            }
            wait = backoff.delayAfter(attempt);
            warn(log, "Request failed (attempt " + attempt + "/" + backoff.maxAttempts() + "): " + failure);
            note(log, "Retrying in " + String.format(Locale.ROOT, "%.1f", wait.toMillis() / 1000.0)
                    + " seconds...");
            Thread.sleep(wait);
        }
    }

    /** The API's {@code error.message} (Meta convention), or a short prefix of the body; never the token. */
    static String errorMessage(byte[] body, String token) {
        if (body == null || body.length == 0) {
            return "";
        }
        try {
            JsonNode n = MAPPER.readTree(body);
            JsonNode m = n == null ? null : n.path("error").get("message");
            if (m != null && m.isTextual()) {
                return safe(m.asText(), token);
            }
        } catch (IOException notJson) {
            // fall through to the raw text
        }
        String text = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
        return safe(text.strip(), token);
    }

    private static String safe(String text, String token) {
        String s = Redaction.redact(text, token);
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]", " ");
    }

    private static void warn(Consumer<String> log, String line) {
        LOG.warn(line);
        log.accept("WARNING " + line);
    }

    private static void note(Consumer<String> log, String line) {
        LOG.info(line);
        log.accept("INFO " + line);
    }
}
