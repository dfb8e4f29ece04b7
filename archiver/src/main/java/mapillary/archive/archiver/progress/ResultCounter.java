package mapillary.archive.archiver.progress;

import mapillary.archive.common.event.EventCheck;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts each image once per harvest, whatever the redeliveries: the outcome store remembers the best status of
 * every (collection, harvest, image), an OK beats a FAILED, and only a change reaches the harvest's counts. Bad
 * results are dropped (the archiver's tracker counts and logs them). The result that completes a harvest sends its
 * snapshot at once, so the final counts never wait for the next tick.
 */
final class ResultCounter implements Processor<String, ImageResult, String, HarvestProgress> {

    private static final byte OK = 1;
    private static final byte FAILED = 2;
    private static final byte SKIPPED = 3;

    private ProcessorContext<String, HarvestProgress> context;
    private KeyValueStore<String, byte[]> outcomes;
    private KeyValueStore<String, ProgressCounts> counts;
    private KeyValueStore<String, String> current;

    @Override
    public void init(ProcessorContext<String, HarvestProgress> context) {
        this.context = context;
        outcomes = context.getStateStore(ProgressStores.OUTCOMES);
        counts = context.getStateStore(ProgressStores.PROGRESS);
        current = context.getStateStore(ProgressStores.CURRENT);
    }

    @Override
    public void process(Record<String, ImageResult> record) {
        ImageResult r = record.value();
        if (EventCheck.imageResult(r).isPresent()) {
            return;
        }
        String key = ProgressStores.outcomeKey(r.collection(), r.harvestId(), r.imageId());
        byte[] before = outcomes.get(key);
        byte now = code(r.status());
        String harvest = ProgressStores.harvestKey(r.collection(), r.harvestId());
        ProgressCounts c = counts.get(harvest);
        c = c == null ? ProgressCounts.NONE : c;
        long okBytes = now == OK ? Math.max(0, r.bytes()) : 0;
        if (before == null) {
            c = c.first(r.status(), okBytes);
        } else if (before[0] == FAILED && now == OK) {
            c = c.failedNowOk(okBytes);
        } else {
            return; // a redelivery, or no better than what is known
        }
        outcomes.put(key, new byte[]{now});
        counts.put(harvest, Snapshots.publishIfComplete(context, current, r.collection(), r.harvestId(), c));
    }

    private static byte code(ImageResult.Status s) {
        return switch (s) {
            case OK -> OK;
            case FAILED -> FAILED;
            case SKIPPED -> SKIPPED;
        };
    }
}
