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
import java.util.Optional;

/**
 * Asks IA who uploaded an item (spec §12): {@code GET <ia.url>/metadata/<id>/metadata/uploader}, its {@code result};
 * 2 attempts by default, and a failure means "unknown", never an error.
 */
@ApplicationScoped
public class UploaderClient {

    private static final Logger LOG = Logger.getLogger(UploaderClient.class);

    private final String baseUrl;
    private final StatsConfig.Uploader config;
    private final ObjectMapper mapper;
    private final RetryingGet get;

    @Inject
    public UploaderClient(IaConfig ia, StatsConfig stats, ObjectMapper mapper) {
        this.baseUrl = ia.url().replaceAll("/+$", "");
        this.config = stats.uploader();
        this.mapper = mapper;
        this.get = new RetryingGet(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build(),
                new Backoff(Math.max(1, config.attempts()), config.retryBase(), Duration.ofMinutes(1), false));
    }

    /** The item's uploader, or empty when IA does not say (or cannot be asked). */
    public Optional<String> uploader(String identifier) {
        String url = baseUrl + "/metadata/" + URLEncoder.encode(identifier, StandardCharsets.UTF_8).replace("+", "%20")
                + "/metadata/uploader";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Accept", "application/json").GET().build();
        try {
            return get.get(request, r -> {
                if (r.statusCode() >= 400) {
                    throw new RetryingGet.Retry("HTTP " + r.statusCode());
                }
                JsonNode result = mapper.readTree(r.body()).path("result");
                if (result.isArray() && !result.isEmpty()) {
                    result = result.get(0);
                }
                return result.isValueNode() && !result.isNull() && !result.asText().isBlank()
                        ? Optional.of(result.asText()) : Optional.<String>empty();
            });
        } catch (RetryingGet.Failure e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
