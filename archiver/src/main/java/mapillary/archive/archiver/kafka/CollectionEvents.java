package mapillary.archive.archiver.kafka;

import mapillary.archive.common.event.CollectionEvent;

/** Where the archiver reports its steps (DATE_TARRED, FINALISED, ...); Kafka in the service, a list in tests. */
public interface CollectionEvents {

    /** Publishes and returns once the event is durably sent. */
    void publish(CollectionEvent event);
}
