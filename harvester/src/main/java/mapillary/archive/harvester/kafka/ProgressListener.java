package mapillary.archive.harvester.kafka;

import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.harvester.job.Harvest;
import mapillary.archive.harvester.job.HarvestRegistry;
import mapillary.archive.harvester.job.HarvestStore;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Turns the fetchers' results and the archiver's steps into harvest progress and status. Results come in batches;
 * a batch's counts are made durable (each harvest's result log fsynced) before the method returns, and only then
 * are the batch's offsets acknowledged and, later, committed (throttled strategy), so a restart never loses a
 * count and a redelivery never adds one. An archiver step's new status is saved to {@code harvest.json} before its
 * event is acknowledged.
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

    @Incoming(Channels.IMAGE_RESULTS)
    @Blocking
    public void onResults(List<ImageResult> results) throws InterruptedException {
        registry.awaitRestored(RESTORE_WAIT_SECONDS);
        Set<Harvest> counted = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ImageResult result : results) {
            if (result == null || result.status() == null || result.collection() == null) {
                continue;
            }
            registry.resolve(result.harvestId(), result.collection())
                    .filter(h -> h.collection().equals(result.collection()))
                    .filter(h -> h.result(result))
                    .ifPresent(counted::add);
        }
        for (Harvest h : counted) {
            h.syncResults();
        }
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
