package mapillary.archive.harvester.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.harvester.config.IaConfig;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Asks archive.org whether an item exists (spec §11): only a 200 with {@code metadata} and not dark counts;
 * {@code {}}, other statuses and errors count as missing ("better to download than skip").
 */
@ApplicationScoped
public class IaItemCheck {

    private static final Logger LOG = Logger.getLogger(IaItemCheck.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IaConfig config;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(10)).build();

    @Inject
    public IaItemCheck(IaConfig config) {
        this.config = config;
    }

    public boolean exists(String identifier) {
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1)
                : config.url();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/metadata/"
                            + URLEncoder.encode(identifier, StandardCharsets.UTF_8)))
                    .timeout(config.checkTimeout()).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return false;
            }
            JsonNode body = MAPPER.readTree(response.body());
            return body != null && body.isObject() && body.has("metadata")
                    && !(body.path("is_dark").isBoolean() && body.get("is_dark").booleanValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            LOG.warnf("Failed to check IA for %s: %s", identifier, e.toString());
            return false;
        }
    }
}
