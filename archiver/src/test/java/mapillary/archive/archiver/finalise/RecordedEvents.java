package mapillary.archive.archiver.finalise;

import mapillary.archive.archiver.kafka.CollectionEvents;
import mapillary.archive.common.event.CollectionEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collection events kept in memory, for tests of the archiver's disk work without Kafka. */
final class RecordedEvents implements CollectionEvents {

    final List<CollectionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CollectionEvent event) {
        events.add(event);
    }

    List<CollectionEvent> of(CollectionEvent.Type type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
