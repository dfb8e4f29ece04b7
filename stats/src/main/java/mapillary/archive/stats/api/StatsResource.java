package mapillary.archive.stats.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import mapillary.archive.common.format.Formats;
import mapillary.archive.stats.report.TextReport;
import mapillary.archive.stats.service.RefreshFailedException;
import mapillary.archive.stats.service.StatsService;
import mapillary.archive.stats.service.StatsSnapshot;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /stats}: JSON aggregate of everything archived on IA, or with {@code Accept: text/plain} the original's
 * report; {@code POST /stats/refresh}.
 */
@Path("/stats")
public class StatsResource {

    private static final String NO_DATA = "No cached data and failed to fetch from IA";

    private final StatsService stats;

    public StatsResource(StatsService stats) {
        this.stats = stats;
    }

    /** The current statistics; 503 when IA cannot be searched and nothing is cached. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    @Operation(summary = "Current statistics", description = "JSON by default; with Accept: text/plain the "
            + "original's --stats report (spec §12). Searches IA first if nothing is known yet.")
    @APIResponse(responseCode = "200", description = "The statistics", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatsView.class)),
            @Content(mediaType = MediaType.TEXT_PLAIN, schema = @Schema(type = org.eclipse.microprofile.openapi
                    .annotations.enums.SchemaType.STRING))})
    @APIResponse(responseCode = "503", description = "IA cannot be searched and nothing is cached")
    public Response get(@Context HttpHeaders headers) {
        boolean text = wantsText(headers);
        return stats.current()
                .map(s -> text ? Response.ok(report(s), MediaType.TEXT_PLAIN_TYPE.withCharset("UTF-8")).build()
                        : Response.ok(view(s), MediaType.APPLICATION_JSON_TYPE).build())
                .orElseGet(() -> text
                        ? Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.TEXT_PLAIN_TYPE)
                                .entity(NO_DATA + "\n").build()
                        : Response.status(Response.Status.SERVICE_UNAVAILABLE).type(MediaType.APPLICATION_JSON_TYPE)
                                .entity(Map.of("error", NO_DATA)).build());
    }

    /**
     * Searches IA now: 200 with the new statistics, or 502 with the error (and the statistics still served). A
     * request made while a refresh is running (scheduled or requested) starts no second one: it waits for the
     * running refresh and answers with its result.
     */
    @POST
    @Path("/refresh")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Refresh from IA now", description = "Only one refresh runs at a time: a request made "
            + "while one is running joins it and gets its result.")
    @APIResponse(responseCode = "200", description = "Refreshed", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StatsView.class)))
    @APIResponse(responseCode = "502", description = "IA failed; body has 'error' and, if any, the 'stats' served")
    public Response refresh() {
        try {
            return Response.ok(view(stats.refresh())).build();
        } catch (RefreshFailedException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            if (e.fallback() != null) {
                body.put("stats", view(e.fallback()));
            }
            return Response.status(Response.Status.BAD_GATEWAY).entity(body).build();
        }
    }

    private StatsView view(StatsSnapshot s) {
        return StatsView.of(s, stats.refreshing(), stats.pendingCollections());
    }

    private String report(StatsSnapshot s) {
        String note = null;
        if (s.stale()) {
            note = "Data from " + s.cache().updatedAt() + " (" + Formats.time(s.age(Instant.now()).toSeconds())
                    + " old); " + s.lastError();
        }
        return TextReport.render(s.aggregate(), s.cache().collections(), stats.cachePath(), note);
    }

    /** text/plain only when the client prefers it over JSON (no Accept or {@code *}{@code /*} gives JSON). */
    static boolean wantsText(HttpHeaders headers) {
        for (MediaType m : headers.getAcceptableMediaTypes()) {
            if (m.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (m.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
