package mapillary.archive.archiver.progress;

import mapillary.archive.common.event.EventCheck;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.HarvestProgress;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the harvests' lifecycle into the counts (which harvest is a collection's current one, what LISTED said) and,
 * once a second of wall-clock time, publishes a snapshot of every current harvest whose counts changed, keyed by
 * collection: absolute counts, so the newest snapshot on the compacted topic is the whole truth.
 */
final class HarvestEventProcessor implements Processor<String, HarvestEvent, String, HarvestProgress> {

    private final Duration interval;
    private ProcessorContext<String, HarvestProgress> context;
    private KeyValueStore<String, ProgressCounts> counts;
    private KeyValueStore<String, String> current;

    HarvestEventProcessor(Duration interval) {
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, HarvestProgress> context) {
        this.context = context;
        counts = context.getStateStore(ProgressStores.PROGRESS);
        current = context.getStateStore(ProgressStores.CURRENT);
        context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, this::publishChanged);
    }

    @Override
    public void process(Record<String, HarvestEvent> record) {
        HarvestEvent e = record.value();
        if (EventCheck.harvestEvent(e).isPresent() || e.harvestId() == null) {
            return;
        }
        String harvest = ProgressStores.harvestKey(e.collection(), e.harvestId());
        ProgressCounts c = counts.get(harvest);
        c = c == null ? ProgressCounts.NONE : c;
        switch (e.type()) {
            case STARTED -> {
                current.put(e.collection(), e.harvestId());
                c = c.touched();
            }
            case LISTED -> {
                current.put(e.collection(), e.harvestId());
                c = Snapshots.publishIfComplete(context, current, e.collection(), e.harvestId(),
                        c.listed(e.total()));
            }
            case CANCELLED, FAILED -> c = c.touched();
        }
        counts.put(harvest, c);
    }

    /** Forwards a snapshot of each changed harvest that is its collection's current one (or has no known current). */
    void publishChanged(long wallClockMillis) {
        List<KeyValue<String, ProgressCounts>> changed = new ArrayList<>();
        try (KeyValueIterator<String, ProgressCounts> all = counts.all()) {
            all.forEachRemaining(kv -> {
                if (kv.value != null && kv.value.dirty()) {
                    changed.add(kv);
                }
            });
        }
        Instant now = Instant.ofEpochMilli(wallClockMillis);
        for (KeyValue<String, ProgressCounts> kv : changed) {
            int slash = kv.key.indexOf('/');
            String collection = kv.key.substring(0, slash);
            String harvestId = kv.key.substring(slash + 1);
            if (Snapshots.isCurrent(current, collection, harvestId)) {
                Snapshots.forward(context, collection, kv.value.snapshot(collection, harvestId, now));
            }
            counts.put(kv.key, kv.value.published());
        }
    }
}
