package mapillary.archive.archiver.progress;

import mapillary.archive.common.event.HarvestProgress;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;

/** Sends progress snapshots to the topology's sink, keyed by collection, timestamped now. */
final class Snapshots {

    private Snapshots() {
    }

    static void forward(ProcessorContext<String, HarvestProgress> context, String collection, HarvestProgress p) {
        context.forward(new Record<>(collection, p, p.at().toEpochMilli()));
    }

    /**
     * Sends the snapshot of a current harvest that has just become complete (every listed image has a final result)
     * and returns its counts marked published; otherwise returns them unchanged, for the next tick.
     */
    static ProgressCounts publishIfComplete(ProcessorContext<String, HarvestProgress> context,
                                            KeyValueStore<String, String> current, String collection,
                                            String harvestId, ProgressCounts c) {
        String id = harvestId == null ? "" : harvestId;
        boolean complete = c.dirty() && c.listed() >= 0 && c.fetched() + c.failed() + c.skipped() == c.listed();
        if (!complete || !isCurrent(current, collection, id)) {
            return c;
        }
        forward(context, collection, c.snapshot(collection, id, Instant.now()));
        return c.published();
    }

    /** True when {@code harvestId} is the collection's current harvest, or none is known yet. */
    static boolean isCurrent(KeyValueStore<String, String> current, String collection, String harvestId) {
        String cur = current.get(collection);
        return cur == null || cur.equals(harvestId);
    }
}
