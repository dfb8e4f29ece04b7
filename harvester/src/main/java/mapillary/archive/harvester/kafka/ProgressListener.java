package mapillary.archive.harvester.kafka;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.harvester.job.HarvestRegistry;
import mapillary.archive.harvester.job.HarvestStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Turns the archiver's progress snapshots and steps into harvest progress and status. Snapshots carry absolute
 * counts (the tracking topology deduplicates every image), so nothing is counted here and a replay changes nothing.
 * An archiver step's new status is saved to {@code harvest.json} before its event is acknowledged.
 */
@ApplicationScoped
public class ProgressListener {

    /** How long a consumer waits for the saved harvests to be loaded at start-up. */
    private static final long RESTORE_WAIT_SECONDS = 120;

    private final HarvestRegistry registry;
    private final HarvestStore store;

    @Inject
    public ProgressListener(HarvestRegistry registry, HarvestStore store) {
        this.registry = registry;
        this.store = store;
    }

    @Incoming(Channels.HARVEST_PROGRESS)
    @Blocking
    public void onProgress(HarvestProgress progress) throws InterruptedException {
        if (progress == null || progress.harvestId() == null || progress.collection() == null) {
            return;
        }
        registry.awaitRestored(RESTORE_WAIT_SECONDS);
        registry.resolve(progress.harvestId(), progress.collection()).ifPresent(h -> h.progress(progress));
    }

    @Incoming(Channels.COLLECTION_EVENTS)
    @Blocking
    public void onCollectionEvent(CollectionEvent event) throws InterruptedException {
        if (event == null || event.type() == null || event.collection() == null) {
            return;
        }
        registry.awaitRestored(RESTORE_WAIT_SECONDS);
        registry.resolve(event.harvestId(), event.collection())
                .filter(h -> h.collection().equals(event.collection()))
                .ifPresent(h -> {
                    h.collectionEvent(event);
                    store.save(h); // harvest.json before the event is acknowledged: a kill now loses no status
                });
    }
}
