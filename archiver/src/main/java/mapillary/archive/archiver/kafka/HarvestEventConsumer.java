package mapillary.archive.archiver.kafka;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.archiver.finalise.ArchiveWorker;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.event.HarvestEvent;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Consumes harvest events (settings, listing, cancellation), checked and journalled before they are acknowledged. */
@ApplicationScoped
public class HarvestEventConsumer {

    private static final Logger LOG = Logger.getLogger(HarvestEventConsumer.class);

    private final Tracker tracker;
    private final ArchiveWorker worker;

    @Inject
    public HarvestEventConsumer(Tracker tracker, ArchiveWorker worker) {
        this.tracker = tracker;
        this.worker = worker;
    }

    @Incoming(Channels.HARVEST_EVENTS)
    @Blocking(ordered = true)
    public void consume(HarvestEvent event) {
        if (tracker.record(event)) { // an unreadable (null) or bad event is counted and dropped there
            LOG.infof("Harvest %s of %s: %s%s", event.harvestId(), event.collection(), event.type(),
                    event.type() == HarvestEvent.Type.LISTED ? " (" + event.total() + " images)" : "");
            worker.schedule(event.collection());
        }
    }
}
