package mapillary.archive.harvester.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import mapillary.archive.harvester.config.HarvesterConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** With {@code HARVESTER_API_KEY} set, every harvest call needs {@code Authorization: Bearer <key>} (else 401). */
public class ApiKeyFilter {

    private final Optional<byte[]> key;

    @Inject
    public ApiKeyFilter(HarvesterConfig config) {
        this.key = config.apiKey().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8));
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext ctx) {
        if (key.isEmpty() || !ctx.getUriInfo().getPath().startsWith("/harvests")) {
            return Optional.empty();
        }
        String auth = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(key.get(), auth.substring(7).strip().getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        Response r = ProblemMapper.respond(Problem.of(401, "unauthorized", "API key required",
                "this harvester needs the header 'Authorization: Bearer <HARVESTER_API_KEY>'"));
        return Optional.of(Response.fromResponse(r).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }
}
