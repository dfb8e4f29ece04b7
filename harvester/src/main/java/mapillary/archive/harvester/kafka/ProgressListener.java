package mapillary.archive.harvester.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.harvester.job.HarvestRegistry;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Turns the fetchers' results and the archiver's steps into harvest progress and status. */
@ApplicationScoped
public class ProgressListener {

    private final HarvestRegistry registry;

    @Inject
    public ProgressListener(HarvestRegistry registry) {
        this.registry = registry;
    }

    @Incoming(Channels.IMAGE_RESULTS)
    public void onResult(ImageResult result) {
        if (result == null || result.status() == null) {
            return;
        }
        registry.resolve(result.harvestId(), result.collection())
                .filter(h -> h.collection().equals(result.collection()))
                .ifPresent(h -> h.result(result));
    }

    @Incoming(Channels.COLLECTION_EVENTS)
    public void onCollectionEvent(CollectionEvent event) {
        if (event == null || event.type() == null) {
            return;
        }
        registry.resolve(event.harvestId(), event.collection())
                .filter(h -> h.collection().equals(event.collection()))
                .ifPresent(h -> h.collectionEvent(event));
    }
}
