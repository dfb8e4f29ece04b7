package mapillary.archive.harvester.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import mapillary.archive.harvester.job.AlreadyRunningException;
import mapillary.archive.harvester.job.NoTokenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the harvester's exceptions, and the framework's own 4xx/5xx answers, to problem answers. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response conflict(AlreadyRunningException e) {
        return respond(new Problem(Problem.TYPE_BASE + "already-running", "Collection already being harvested",
                409, e.getMessage(), null, e.running().id()));
    }

    @ServerExceptionMapper
    public Response noToken(NoTokenException e) {
        return respond(Problem.of(503, "no-mapillary-token", "Mapillary token not configured", e.getMessage()));
    }

    /** 404 (no such path), 405 (with {@code Allow}), 406, 415 and friends raised by the REST layer itself. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response original = e.getResponse();
        int status = original.getStatus();
        String allow = status == 405 ? allowed(uri.getPath()) : null;
        Problem p = switch (status) {
            case 404 -> Problem.of(404, "not-found", "Not found", "no such resource");
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed", "allowed methods: " + allow);
            case 406 -> Problem.of(406, "not-acceptable", "Not acceptable",
                    "this resource answers with application/json");
            case 413 -> Problem.of(413, "too-large", "Request body too large", "the request body is too large");
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type",
                    "send the request body as Content-Type: application/json");
            default -> Problem.of(status, "http-" + status, reason(original), reason(original));
        };
        Response r = respond(p);
        return allow == null ? r : Response.fromResponse(r).header(HttpHeaders.ALLOW, allow).build();
    }

    /** The methods of the harvest API's three paths. */
    private static String allowed(String path) {
        String p = path == null ? "" : path.replaceAll("/+$", "");
        if (p.equals("/harvests")) {
            return "GET, POST";
        }
        if (p.endsWith("/events")) {
            return "GET";
        }
        return "GET, DELETE";
    }

    /** Anything else is our bug: a 500 problem without internals (the log has them). */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("Unexpected error answering a harvest API call", e);
        return respond(Problem.of(500, "internal-error", "Internal error",
                "the harvester failed to answer; see its log"));
    }

    private static String reason(Response r) {
        Response.StatusType t = r.getStatusInfo();
        return t == null || t.getReasonPhrase() == null ? "HTTP " + r.getStatus() : t.getReasonPhrase();
    }

    /** A problem response with the problem media type. */
    public static Response respond(Problem p) {
        try {
            return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(MAPPER.writeValueAsString(p)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
