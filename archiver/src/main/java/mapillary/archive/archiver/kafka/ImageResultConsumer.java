package mapillary.archive.archiver.kafka;

import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.archiver.finalise.ArchiveWorker;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.event.ImageResult;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;

/**
 * Consumes image results in batches: each batch is journalled and fsynced before the method returns, and only then
 * are its offsets acknowledged (and later committed), so a restart never loses a result it had acknowledged.
 */
@ApplicationScoped
public class ImageResultConsumer {

    private static final Logger LOG = Logger.getLogger(ImageResultConsumer.class);

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
        List<ImageResult> results = batch.stream().filter(Objects::nonNull).toList();
        if (results.size() < batch.size()) {
            LOG.warnf("Ignoring %d unreadable image results", batch.size() - results.size());
        }
        tracker.record(results).forEach(worker::schedule);
    }
}
