package mapillary.archive.stats.api;

import io.quarkus.qute.Template;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import mapillary.archive.stats.service.StatsService;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Instant;

/** {@code GET /}: the HTML dashboard (server-rendered with Qute, inline SVG and CSS, no external assets). */
@Path("/")
public class DashboardResource {

    private final StatsService stats;
    private final Template dashboard;

    public DashboardResource(StatsService stats, Template dashboard) {
        this.stats = stats;
        this.dashboard = dashboard;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "HTML dashboard", description = "Headline numbers and charts by quality and by month")
    public Response page() {
        return stats.current()
                .map(s -> Response.ok(render(DashboardModel.of(s, stats.pendingCollections(), Instant.now())))
                        .build())
                .orElseGet(() -> Response.status(Response.Status.SERVICE_UNAVAILABLE)
                        .entity(render(null)).build());
    }

    private String render(DashboardModel model) {
        return dashboard.data("d", model).data("cache", stats.cachePath()).render();
    }
}
