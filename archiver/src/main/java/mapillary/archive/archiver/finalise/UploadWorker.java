package mapillary.archive.archiver.finalise;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import mapillary.archive.archiver.config.ArchiverConfig;
import mapillary.archive.archiver.config.IaConfig;
import mapillary.archive.archiver.ia.IaUploader;
import mapillary.archive.archiver.ia.UploadException;
import mapillary.archive.archiver.ia.UploadResult;
import mapillary.archive.archiver.kafka.CollectionEvents;
import mapillary.archive.common.event.CollectionEvent;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Uploads finalised collections to IA when {@code IA_ACCESS_KEY} and {@code IA_SECRET_KEY} are set, one at a time on
 * its own thread. Each pending upload is a marker file {@code archiver/uploads/<collection>.json} written before the
 * collection stops being tracked, so a restart resumes it (files already on IA are skipped by MD5). Publishes
 * UPLOADED, or UPLOAD_FAILED with the reason (a spam verdict or a 4xx stops for good; exhausted retries try again
 * later). With {@code archiver.upload.incremental} it also uploads each date's tar as soon as it is made.
 */
@ApplicationScoped
public class UploadWorker implements UploadQueue {

    private static final Logger LOG = Logger.getLogger(UploadWorker.class);

    private final DataDirs dirs;
    private final CollectionEvents events;
    private final IaUploader uploader;
    private final Duration laterDelay;
    private final boolean incremental;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "archiver-upload");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public UploadWorker(DataDirs dirs, CollectionEvents events, IaConfig ia, ArchiverConfig config) {
        this(dirs, events, ia.accessKey().filter(k -> !k.isBlank()).isPresent()
                        && ia.secretKey().filter(k -> !k.isBlank()).isPresent()
                        ? new IaUploader(ia.url(), ia.s3Url(), ia.accessKey().get(), ia.secretKey().get(),
                        config.upload().retryDelay(), config.upload().maxAttempts())
                        : null,
                config.upload().retryDelay().multipliedBy(20), config.upload().incremental());
    }

    /** {@code uploader} null means upload is off; no incremental upload. */
    public UploadWorker(DataDirs dirs, CollectionEvents events, IaUploader uploader, Duration laterDelay) {
        this(dirs, events, uploader, laterDelay, false);
    }

    /** {@code uploader} null means upload is off; {@code incremental} uploads tars as they are made. */
    public UploadWorker(DataDirs dirs, CollectionEvents events, IaUploader uploader, Duration laterDelay,
                        boolean incremental) {
        this.dirs = dirs;
        this.events = events;
        this.uploader = uploader;
        this.laterDelay = laterDelay;
        this.incremental = incremental;
    }

    @Override
    public boolean enabled() {
        return uploader != null;
    }

    void onStart(@Observes StartupEvent ev) {
        if (!enabled()) {
            LOG.info("IA upload is off (IA_ACCESS_KEY/IA_SECRET_KEY not set)");
            return;
        }
        LOG.infof("IA upload is on (%s)", incremental ? "incremental: each tar as it is made" : "at finalisation");
        resumeAll();
    }

    /** Schedules every upload whose marker is on disk. */
    public void resumeAll() {
        Path dir = markers();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().forEach(this::schedule);
        } catch (IOException e) {
            LOG.errorf("Could not list pending uploads in %s: %s", dir, e.getMessage());
        }
    }

    @Override
    public boolean incremental() {
        return enabled() && incremental;
    }

    /**
     * Queues an early upload of one tar on the upload thread (so it is ordered before the collection's final upload,
     * which then skips it by MD5). A file gone by then (moved by finalisation) or a failure is left to that upload.
     */
    @Override
    public void early(String item, Path file, java.util.Map<String, java.util.List<String>> metadata) {
        if (!incremental()) {
            return;
        }
        try {
            executor.execute(() -> {
                String name = file.getFileName().toString();
                try {
                    if (Files.isRegularFile(file)) {
                        uploader.uploadFile(item, name, file, metadata, Files.size(file));
                    } else {
                        LOG.debugf("Early upload of %s skipped: moved on; it goes up with the finished item", file);
                    }
                } catch (UploadException | IOException | RuntimeException e) {
                    LOG.warnf("Early upload of %s to %s failed (%s); it is uploaded at finalisation", name, item,
                            e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debugf("Early upload of %s not queued: shutting down", file);
        }
    }

    @Override
    public void enqueue(String collection, String harvestId, long images, long failed) {
        if (!enabled()) {
            return;
        }
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("collection", collection);
        n.put("harvestId", harvestId);
        n.put("images", images);
        n.put("failed", failed);
        AtomicFiles.writeString(marker(collection), n.toString());
        schedule(collection);
    }

    private void schedule(String collection) {
        if (pending.add(collection)) {
            try {
                executor.execute(() -> run(collection));
            } catch (RejectedExecutionException e) {
                pending.remove(collection);
            }
        }
    }

    /** Runs one upload now, on the calling thread (the worker thread, or a test). */
    public void run(String collection) {
        pending.remove(collection);
        Path marker = marker(collection);
        if (!Files.isRegularFile(marker)) {
            return;
        }
        ObjectNode m;
        try {
            m = (ObjectNode) Json.MAPPER.readTree(Files.readString(marker));
        } catch (IOException | ClassCastException e) {
            LOG.errorf("Unreadable upload marker %s; upload of %s abandoned", marker, collection);
            AtomicFiles.deleteQuietly(marker);
            return;
        }
        String harvestId = m.path("harvestId").asText(null);
        Path dir = dirs.output(collection);
        if (!Files.isDirectory(dir)) {
            LOG.errorf("Cannot upload %s: %s does not exist", collection, dir);
            failed(collection, harvestId, m, "collection directory missing", marker, false);
            return;
        }
        try {
            UploadResult r = uploader.upload(collection, dir);
            events.publish(CollectionEvent.of(CollectionEvent.Type.UPLOADED, harvestId, collection, null,
                    m.path("images").asLong(), m.path("failed").asLong(), r.bytes(), dirs.relative(dir), null));
            Files.deleteIfExists(marker);
            LOG.infof("Uploaded %s to IA", collection);
        } catch (UploadException e) {
            LOG.errorf("Upload of %s failed: %s", collection, e.getMessage());
            failed(collection, harvestId, m, e.getMessage(), marker, e.retryable());
        } catch (IOException e) {
            LOG.errorf("Upload of %s failed: %s", collection, e.getMessage());
            failed(collection, harvestId, m, "I/O error: " + e.getMessage(), marker, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "Upload of %s failed", collection);
            failed(collection, harvestId, m, e.getClass().getSimpleName(), marker, true);
        }
    }

    private void failed(String collection, String harvestId, ObjectNode m, String reason, Path marker,
                        boolean retryLater) {
        try {
            CollectionEvent e = CollectionEvent.of(CollectionEvent.Type.UPLOAD_FAILED, harvestId, collection, null,
                    m.path("images").asLong(), m.path("failed").asLong(), 0, null,
                    retryLater ? reason + " (will retry)" : reason);
            events.publish(retryLater ? e.continuing() : e);
        } catch (RuntimeException e) {
            LOG.warnf("Could not publish UPLOAD_FAILED for %s: %s", collection, e.getMessage());
        }
        if (retryLater) {
            try {
                executor.schedule(() -> schedule(collection), laterDelay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ignored) {
                // shutting down: the marker resumes it on the next start
            }
        } else {
            try {
                Files.move(marker, marker.resolveSibling(collection + ".failed"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                AtomicFiles.deleteQuietly(marker);
            }
        }
    }

    private Path markers() {
        return dirs.serviceDir("archiver").resolve("uploads");
    }

    private Path marker(String collection) {
        return markers().resolve(collection + ".json");
    }

    void onStop(@Observes ShutdownEvent ev) {
        executor.shutdownNow();
    }
}
