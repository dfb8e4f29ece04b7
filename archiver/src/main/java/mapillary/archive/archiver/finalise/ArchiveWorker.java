package mapillary.archive.archiver.finalise;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import mapillary.archive.archiver.config.ArchiverConfig;
import mapillary.archive.archiver.image.Thumbnailer;
import mapillary.archive.archiver.kafka.CollectionEvents;
import mapillary.archive.archiver.tracking.Tracker;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the archiver's disk work off the Kafka threads, one collection at a time on a single worker thread, so long
 * tars never stall consumption. Requests for a collection already waiting are merged. On startup it resumes every
 * collection found in the journals.
 */
@ApplicationScoped
public class ArchiveWorker {

    private static final Logger LOG = Logger.getLogger(ArchiveWorker.class);

    private static final long RETRY_SECONDS = 30;

    private final CollectionArchiver archiver;
    private final Tracker tracker;
    private final DataDirs dirs;
    private final String version;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "archiver-worker");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public ArchiveWorker(DataDirs dirs, Tracker tracker, CollectionEvents events, ArchiverConfig config,
                         UploadWorker uploads) {
        this.tracker = tracker;
        this.dirs = dirs;
        this.version = config.version();
        this.archiver = new CollectionArchiver(dirs, tracker, events, new Thumbnailer(config.dwebp()),
                config.version(), uploads, config.itemCap());
    }

    void onStart(@Observes StartupEvent ev) {
        LOG.infof("Archiver %s: data dir %s", version, dirs.root());
        tracker.load().forEach(this::schedule);
    }

    /** Asks for the collection to be brought as far as its state allows, soon, on the worker thread. */
    public void schedule(String collection) {
        if (pending.add(collection)) {
            try {
                executor.execute(() -> run(collection));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.remove(collection); // shutting down: the journal resumes it on the next start
            }
        }
    }

    private void run(String collection) {
        pending.remove(collection);
        try {
            archiver.process(collection);
        } catch (Exception e) {
            LOG.errorf(e, "Archiving %s failed; retrying in %d s", collection, RETRY_SECONDS);
            executor.schedule(() -> schedule(collection), RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("Archive work still running at shutdown; it resumes from the journal on the next start");
            executor.shutdownNow();
        }
    }
}
