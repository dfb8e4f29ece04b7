package mapillary.archive.stats.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.stats.service.PendingCollections;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads the archiver's collection events (group {@code stats}) so stats can show collections finalised or uploaded
 * by us that IA has not indexed yet. An unreadable event is skipped, never fatal.
 */
@ApplicationScoped
public class CollectionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(CollectionEventsConsumer.class);

    private final PendingCollections pending;

    public CollectionEventsConsumer(PendingCollections pending) {
        this.pending = pending;
    }

    @Incoming(Channels.COLLECTION_EVENTS)
    public void consume(CollectionEvent event) {
        try {
            if (event == null) {
                LOG.warn("Skipping an unreadable collection event");
                return;
            }
            if (pending.accept(event)) {
                LOG.debugf("Collection %s %s", event.collection(), event.type());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Skipping collection event: %s", e.getMessage());
        }
    }
}
