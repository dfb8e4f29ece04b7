package mapillary.archive.stats.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.http.Backoff;
import mapillary.archive.common.http.RetryingGet;
import mapillary.archive.stats.config.IaConfig;
import mapillary.archive.stats.config.StatsConfig;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Lists every item of ours on IA through the scrape API (spec §12): {@code q=mapillary_downloader:*}, our fields,
 * cursor paging to the last page, each page retried with backoff.
 */
@ApplicationScoped
public class IaScrapeClient {

    /** The original's fields plus the structured metadata our archiver writes. */
    public static final String FIELDS = "identifier,description,item_size,collection,"
            + "image_count,mapillary_user,quality,first_capture,last_capture";

    private static final Logger LOG = Logger.getLogger(IaScrapeClient.class);

    private final String baseUrl;
    private final StatsConfig.Scrape config;
    private final ObjectMapper mapper;
    private final RetryingGet get;

    @Inject
    public IaScrapeClient(IaConfig ia, StatsConfig stats, ObjectMapper mapper) {
        this.baseUrl = ia.url().replaceAll("/+$", "");
        this.config = stats.scrape();
        this.mapper = mapper;
        this.get = new RetryingGet(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(),
                new Backoff(Math.max(1, config.attempts()), config.retryBase(), Duration.ofMinutes(1), false));
    }

    /** All items of all pages, in the order IA returned them. */
    public List<JsonNode> scrapeAll() {
        LOG.info("Searching archive.org for mapillary_downloader collections...");
        List<JsonNode> items = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        int page = 0;
        while (true) {
            JsonNode body = fetchPage(cursor);
            page++;
            JsonNode pageItems = body.path("items");
            LOG.debugf("Scrape page %d: %d items", page, pageItems.size());
            if (!pageItems.isArray() || pageItems.isEmpty()) {
                break;
            }
            pageItems.forEach(items::add);
            cursor = body.path("cursor").textValue();
            if (cursor == null || cursor.isEmpty()) {
                break;
            }
            if (!cursors.add(cursor)) {
                throw new IaUnavailableException("IA scrape returned the same cursor twice");
            }
        }
        LOG.infof("Found %d collections on archive.org", items.size());
        return items;
    }

    private JsonNode fetchPage(String cursor) {
        String url = baseUrl + "/services/search/v1/scrape?q=" + enc(config.query()) + "&fields=" + enc(FIELDS)
                + "&count=" + config.count() + (cursor == null ? "" : "&cursor=" + enc(cursor));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Accept", "application/json").GET().build();
        try {
            return get.get(request, r -> {
                if (r.statusCode() >= 400) {
                    throw new RetryingGet.Retry("HTTP " + r.statusCode() + errorOf(r.body()));
                }
                JsonNode body = mapper.readTree(r.body());
                if (body == null || !body.isObject()) {
                    throw new RetryingGet.Retry("IA scrape answered no JSON object");
                }
                if (body.hasNonNull("error")) {
                    throw new RetryingGet.Retry("IA scrape error: " + body.get("error").asText());
                }
                return body;
            });
        } catch (RetryingGet.Failure e) {
            throw new IaUnavailableException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IaUnavailableException("interrupted while searching IA", e);
        }
    }

    private String errorOf(byte[] body) {
        try {
            JsonNode n = mapper.readTree(body);
            return n != null && n.hasNonNull("error") ? ": " + n.get("error").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
