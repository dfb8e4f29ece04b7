package mapillary.archive.archiver.kafka;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.archiver.finalise.ArchiveWorker;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.event.ImageResult;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;

/**
 * Consumes image results in batches: each batch is journalled and fsynced before the method returns, and only then
 * are its offsets acknowledged (and later committed), so a restart never loses a result it had acknowledged.
 */
@ApplicationScoped
public class ImageResultConsumer {

    private final Tracker tracker;
    private final ArchiveWorker worker;

    @Inject
    public ImageResultConsumer(Tracker tracker, ArchiveWorker worker) {
        this.tracker = tracker;
        this.worker = worker;
    }

    @Incoming(Channels.IMAGE_RESULTS)
    @Blocking(ordered = true)
    public void consume(List<ImageResult> batch) {
        tracker.record(batch).forEach(worker::schedule); // unreadable (null) and bad results are counted there
    }
}
