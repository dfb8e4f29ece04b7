package mapillary.archive.stats.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import mapillary.archive.stats.service.RefreshFailedException;
import mapillary.archive.stats.service.StatsService;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /stats} (JSON aggregate of everything archived on IA) and {@code POST /stats/refresh}. */
@Path("/stats")
@Produces(MediaType.APPLICATION_JSON)
public class StatsResource {

    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    /** The current statistics; 503 when IA cannot be searched and nothing is cached. */
    @GET
    public Response get() {
        return stats.current()
                .map(s -> Response.ok(StatsView.of(s)).build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity(Map.of("error", "No cached data and failed to fetch from IA")).build());
    }

    /** Searches IA now: 200 with the new statistics, or 502 with the error (and the statistics still served). */
    @POST
    @Path("/refresh")
    public Response refresh() {
        try {
            return Response.ok(StatsView.of(stats.refresh())).build();
        } catch (RefreshFailedException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.fallback() != null) {
                body.put("stats", StatsView.of(e.fallback()));
            }
            return Response.status(Response.Status.BAD_GATEWAY).entity(body).build();
        }
    }
}
