package mapillary.archive.harvester.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import mapillary.archive.harvester.job.Harvest;
import mapillary.archive.harvester.job.HarvestRegistry;
import mapillary.archive.harvester.job.HarvestService;
import mapillary.archive.harvester.job.HarvestStatus;
import io.smallrye.mutiny.Multi;
import mapillary.archive.harvester.config.HarvesterConfig;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import java.net.URI;
import java.util.List;

/** The harvest REST API: start, list, inspect and cancel harvests. */
@Path("/harvests")
@Produces(MediaType.APPLICATION_JSON)
public class HarvestResource {

    private final HarvestService service;
    private final HarvestRegistry registry;
    private final Duration interval;

    @Inject
    public HarvestResource(HarvestService service, HarvestRegistry registry, HarvesterConfig config) {
        this.service = service;
        this.registry = registry;
        Duration d = config.progressInterval();
        this.interval = d.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : d;
    }

    /** Starts a harvest: 202 (started), 200 (SKIPPED), 400, 409, 415 (not JSON, or no Content-Type) or 503. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw new NotSupportedException();
        }
        Harvest h = service.start(RequestParser.parse(body));
        HarvestView view = HarvestView.of(h);
        if (h.status() == HarvestStatus.SKIPPED) {
            return Response.ok(view).build();
        }
        return Response.accepted(view).location(URI.create(view.links().self())).build();
    }

    @GET
    public List<HarvestView> list() {
        return registry.all().stream().map(HarvestView::of).toList();
    }

    @GET
    @Path("{id}")
    public HarvestView get(@PathParam("id") String id) {
        return HarvestView.of(find(id));
    }

    /** Cancels a running harvest; a finished one is returned unchanged. */
    @DELETE
    @Path("{id}")
    public HarvestView cancel(@PathParam("id") String id) {
        return HarvestView.of(service.cancel(find(id)));
    }

    /**
     * Server-sent progress: the harvest (status, counts, rate, ETA) at least once a second; the stream ends after
     * the event that shows a final status.
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<HarvestView> events(@PathParam("id") String id) {
        Harvest h = find(id);
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(interval)
                .map(tick -> HarvestView.of(h))
                .select().first(view -> {
                    if (ended.get()) {
                        return false;
                    }
                    ended.set(HarvestStatus.valueOf(view.status()).isFinal());
                    return true;
                });
    }

    private Harvest find(String id) {
        return registry.byId(id).orElseThrow(() -> new ProblemException(Problem.of(404, "not-found",
                "No such harvest", "no harvest with id " + mapillary.archive.common.io.PathComponents.quote(id))));
    }
}
