package mapillary.archive.harvester.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import mapillary.archive.harvester.job.AlreadyRunningException;
import mapillary.archive.harvester.job.NoTokenException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps the harvester's exceptions to problem answers. */
public class ProblemMapper {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.problem());
    }

    @ServerExceptionMapper
    public Response conflict(AlreadyRunningException e) {
        return respond(new Problem("https://mapillary-archive.invalid/problems/already-running",
                "Collection already being harvested", 409, e.getMessage(), e.running().id()));
    }

    @ServerExceptionMapper
    public Response noToken(NoTokenException e) {
        return respond(Problem.of(503, "no-mapillary-token", "Mapillary token not configured", e.getMessage()));
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
