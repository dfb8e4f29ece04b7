package mapillary.archive.harvester.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.storage.CollectionLog;
import mapillary.archive.common.storage.DataDirs;
import mapillary.archive.harvester.config.HarvesterConfig;
import mapillary.archive.harvester.ia.IaItemCheck;
import mapillary.archive.harvester.kafka.EventPublisher;
import mapillary.archive.harvester.mapillary.MapillaryClient;
import mapillary.archive.harvester.storage.HarvestState;
import mapillary.archive.harvester.storage.MetadataFile;
import mapillary.archive.harvester.storage.RepublishCursor;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Starts, skips, cancels and resumes harvests, and keeps their {@code harvest.json} up to date. */
@ApplicationScoped
public class HarvestService {

    private static final Logger LOG = Logger.getLogger(HarvestService.class);

    private final HarvestRegistry registry;
    private final HarvestStore store;
    private final DataDirs dirs;
    private final MapillaryClient client;
    private final IaItemCheck ia;
    private final EventPublisher publisher;
    private final HarvesterConfig config;
    private final ListingMetrics metrics;
    private ScheduledExecutorService saver;
    private volatile boolean stopping;

    @Inject
    public HarvestService(HarvestRegistry registry, HarvestStore store, DataDirs dirs, MapillaryClient client,
                          IaItemCheck ia, EventPublisher publisher, HarvesterConfig config, ListingMetrics metrics) {
        this.metrics = metrics;
        this.registry = registry;
        this.store = store;
        this.dirs = dirs;
        this.client = client;
        this.ia = ia;
        this.publisher = publisher;
        this.config = config;
    }

    /**
     * Starts a harvest, or answers with a SKIPPED one when the collection is already final locally or on IA.
     *
     * @throws NoTokenException        without a Mapillary token
     * @throws AlreadyRunningException when the collection is being harvested
     */
    public Harvest start(HarvestRequest request) {
        if (!client.hasToken()) {
            throw new NoTokenException();
        }
        Bbox bbox = request.bbox();
        String collection = CollectionName.of(request.username(), request.quality(), request.webp(), bbox).id();
        registry.latest(collection).filter(h -> !h.status().isFinal()).ifPresent(h -> {
            throw new AlreadyRunningException(h);
        });
        if (!request.force()) {
            if (Files.isDirectory(dirs.output(collection))) {
                return skipped(request, collection, "Collection already exists at output/" + collection
                        + ", skipping download");
            }
            if (request.checkIa()) {
                LOG.infof("Checking if %s exists on Internet Archive...", collection);
            }
            if (request.checkIa() && ia.exists(collection)) {
                return skipped(request, collection, "Collection already exists on archive.org, skipping download");
            }
        }
        Harvest harvest = new Harvest(newId(), collection, request.username(), request.quality(), request.webp(),
                bbox == null ? null : bbox.normalised(), request.tar(), HarvestStatus.LISTING, null, Instant.now());
        registry.add(harvest);
        try {
            Files.createDirectories(dirs.staging(collection));
        } catch (java.io.IOException e) {
            harvest.transition(HarvestStatus.FAILED, "cannot create the staging dir: " + e.getMessage());
            return harvest;
        }
        if (Files.isRegularFile(dirs.staging(collection).resolve(MetadataFile.NAME))) {
            // listed before: the job re-publishes those records first; a crash in that step resumes from here
            try {
                new RepublishCursor(dirs.staging(collection)).save(harvest.id(), 0);
            } catch (RuntimeException e) {
                LOG.warnf("Could not write %s of %s (a crash while re-publishing would not resume): %s",
                        RepublishCursor.NAME, collection, e.toString());
            }
        }
        store.save(harvest);
        LOG.infof("Downloading %s @ %s (harvest %s)", request.username(), request.quality().label(), harvest.id());
        launch(harvest, bbox, true);
        return harvest;
    }

    /** Cancels a running harvest: no more tasks are published, and CANCELLED tells the others. */
    public Harvest cancel(Harvest harvest) {
        if (harvest.transition(HarvestStatus.CANCELLED, "cancelled by request")) {
            harvest.requestCancel();
            publisher.event(HarvestEvent.ended(HarvestEvent.Type.CANCELLED, harvest.id(), harvest.collection(),
                    "cancelled by request"));
            store.save(harvest);
            LOG.infof("Cancelled harvest %s of %s", harvest.id(), harvest.collection());
        }
        return harvest;
    }

    private Harvest skipped(HarvestRequest request, String collection, String reason) {
        LOG.info(reason);
        Harvest h = new Harvest(newId(), collection, request.username(), request.quality(), request.webp(),
                request.bbox() == null ? null : request.bbox().normalised(), request.tar(), HarvestStatus.SKIPPED,
                reason, Instant.now());
        registry.add(h);
        return h;
    }

    private void launch(Harvest harvest, Bbox bbox, boolean fresh) {
        CollectionLog log = new CollectionLog(dirs.staging(harvest.collection()), Instant.now());
        ListingJob job = new ListingJob(harvest, bbox, fresh, dirs.staging(harvest.collection()),
                dirs.serviceDir("harvester").resolve("listed-ids").resolve(harvest.id()), client, publisher, store, log,
                () -> stopping, metrics);
        Thread t = Thread.ofVirtual().name("listing-" + harvest.collection()).unstarted(job);
        harvest.worker(t);
        t.start();
    }

    void onStart(@Observes StartupEvent ev) {
        for (HarvestState state : store.loadAll()) {
            try {
                Harvest h = Harvest.restore(state);
                registry.add(h);
                if (h.status() == HarvestStatus.LISTING) {
                    if (!client.hasToken()) {
                        LOG.warnf("Cannot resume the listing of %s: no MAPILLARY_TOKEN", h.collection());
                        continue;
                    }
                    LOG.infof("Resuming the listing of %s (harvest %s)", h.collection(), h.id());
                    launch(h, h.bbox() == null ? null : Bbox.parse(h.bbox()), false);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Ignoring harvest %s of %s: %s", state.id(), state.collection(), e.toString());
            }
        }
        registry.restored();
        saver = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("harvest-saver").factory());
        long ms = Math.max(100, config.progressInterval().toMillis());
        saver.scheduleWithFixedDelay(this::saveChanged, ms, ms, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent ev) {
        stopping = true;
        for (Harvest h : registry.all()) {
            if (h.status() == HarvestStatus.LISTING) {
                h.interruptWorker();
            }
        }
        if (saver != null) {
            saver.shutdownNow();
        }
        saveChanged();
    }

    private void saveChanged() {
        for (Harvest h : registry.all()) {
            if (h.takeDirty()) {
                store.save(h);
            }
        }
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
