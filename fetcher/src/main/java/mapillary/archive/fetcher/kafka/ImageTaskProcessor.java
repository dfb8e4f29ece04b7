package mapillary.archive.fetcher.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.event.ImageTask;
import mapillary.archive.fetcher.storage.DiskGuard;
import mapillary.archive.fetcher.storage.StorageFullException;
import mapillary.archive.fetcher.task.ImageFetcher;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Outgoing;
import org.jboss.logging.Logger;

/**
 * Consumes image tasks and publishes exactly one result per task, keyed by collection. Each task runs on its own
 * virtual thread (bounded by {@code fetcher.max-in-flight}); the incoming record is acknowledged only when its
 * result is acknowledged by the broker ({@link Message#withPayload} keeps the incoming ack). A record that is not
 * a task is nacked (so it lands in the dead-letter topic) and skipped; throwing instead would end the stream.
 */
@ApplicationScoped
public class ImageTaskProcessor {

    public static final String TASKS = "image-tasks";
    public static final String RESULTS = "image-results";

    private static final Logger LOG = Logger.getLogger(ImageTaskProcessor.class);

    private final ImageFetcher fetcher;
    private final ObjectMapper mapper;
    private final InFlight inFlight;
    private final DiskGuard diskGuard;

    public ImageTaskProcessor(ImageFetcher fetcher, ObjectMapper mapper, InFlight inFlight, DiskGuard diskGuard) {
        this.fetcher = fetcher;
        this.mapper = mapper;
        this.inFlight = inFlight;
        this.diskGuard = diskGuard;
    }

    @Incoming(TASKS)
    @Outgoing(RESULTS)
    @RunOnVirtualThread
    public Message<ImageResult> process(Message<String> in) {
        ImageTask task;
        try {
            task = parse(in.getPayload());
        } catch (PoisonTaskException e) {
            LOG.warnf("poison record on %s sent to the dead-letter topic: %s", TASKS, e.getMessage());
            in.nack(e);
            return null; // skipped: the nack (dead-letter-queue strategy) settles the record
        }
        ImageResult result;
        try (InFlight.Slot slot = inFlight.enter()) {
            result = fetchWhenSpace(task);
            slot.done(result.attempts() > 1 || (result.status() == ImageResult.Status.FAILED && result.attempts() > 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.debugf("image %s abandoned on shutdown; it will be redelivered", task.imageId());
            return null; // neither acked nor nacked: the offset is not committed, the task comes back
        }
        return in.withPayload(result)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(result.collection()).build());
    }

    /**
     * Fetches once the data dir has room; a write that fails for lack of space leaves no file and is retried when
     * space is back (never published as a failure, never acknowledged before its result).
     */
    private ImageResult fetchWhenSpace(ImageTask task) throws InterruptedException {
        while (true) {
            diskGuard.awaitSpace();
            try {
                return fetcher.fetch(task);
            } catch (StorageFullException e) {
                LOG.warnf("image %s: %s; retrying when space is back", task.imageId(), e.getMessage());
                diskGuard.reportFull();
            }
        }
    }

    /** Parses a task; anything that is not one is poison and goes to the dead-letter topic. */
    ImageTask parse(String json) {
        if (json == null || json.isBlank()) {
            throw new PoisonTaskException("empty record");
        }
        ImageTask task;
        try {
            task = mapper.readValue(json, ImageTask.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new PoisonTaskException("not an image task: " + e.getClass().getSimpleName());
        }
        if (task == null || task.collection() == null || task.collection().isBlank()) {
            throw new PoisonTaskException("image task without a collection");
        }
        return task;
    }

    /** A record on the task topic that cannot be read as a task. */
    public static class PoisonTaskException extends RuntimeException {
        public PoisonTaskException(String message) {
            super(message);
        }
    }
}
