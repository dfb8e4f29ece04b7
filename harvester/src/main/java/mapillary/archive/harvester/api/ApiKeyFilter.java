package mapillary.archive.harvester.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import mapillary.archive.harvester.config.HarvesterConfig;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * With {@code HARVESTER_API_KEY} set, every call of the REST API (all of it is the harvest API; health, metrics and
 * OpenAPI are not REST resources and stay open) needs {@code Authorization: Bearer <key>}, else 401. The key is
 * compared in constant time over SHA-256 digests, so neither its content nor its length leaks through timing.
 */
public class ApiKeyFilter {

    private final Optional<byte[]> keyDigest;

    @Inject
    public ApiKeyFilter(HarvesterConfig config) {
        this.keyDigest = config.apiKey().filter(k -> !k.isBlank()).map(ApiKeyFilter::sha256);
    }

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> check(ContainerRequestContext ctx) {
        if (keyDigest.isEmpty()) {
            return Optional.empty();
        }
        String auth = ctx.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth != null && auth.length() > 7 && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && MessageDigest.isEqual(keyDigest.get(), sha256(auth.substring(7).strip()))) {
            return Optional.empty();
        }
        Response r = ProblemMapper.respond(Problem.of(401, "unauthorized", "API key required",
                auth == null ? "this harvester needs the header 'Authorization: Bearer <HARVESTER_API_KEY>'"
                        : "the Authorization header does not carry the harvester's API key as a Bearer token"));
        return Optional.of(Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
