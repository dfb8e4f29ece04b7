package mapillary.archive.archiver.tracking;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.event.EventCheck;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.io.PathComponents;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks every collection in progress: records harvest events and image results durably in the {@link Journal}
 * first, then applies them to the in-memory {@link CollectionState}. On first use it replays the journals, so a
 * restarted archiver knows everything it had acknowledged to Kafka.
 */
@ApplicationScoped
public class Tracker {

    private static final Logger LOG = Logger.getLogger(Tracker.class);

    private final Journal journal;
    private final FinishedHarvests finished;
    private final Map<String, CollectionState> states = new LinkedHashMap<>();
    private final AtomicLong rejectedEvents = new AtomicLong();
    private final AtomicLong rejectedResults = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private boolean loaded;

    @Inject
    public Tracker(DataDirs dirs) {
        this(new Journal(Journal.dir(dirs)));
    }

    /** Keeps the finished harvest ids in the journal directory ({@code archiver/journal/finished/}). */
    public Tracker(Journal journal) {
        this.journal = journal;
        this.finished = new FinishedHarvests(journal.directory().resolve("finished"));
    }

    /** Replays the journals (once); returns the collections known afterwards. */
    public synchronized List<String> load() {
        if (!loaded) {
            loaded = true;
            journal.readAll().forEach((collection, entries) -> {
                if (!EventCheck.isCollectionName(collection)) {
                    LOG.warnf("Ignoring journal %s: not a collection name", PathComponents.quote(collection));
                } else {
                    CollectionState s = new CollectionState(collection);
                    entries.forEach(e -> e.applyTo(s));
                    states.put(collection, s);
                    LOG.infof("Resumed tracking of %s: %d images accounted for (%d failed)", collection,
                            s.accounted(), s.failedCount());
                }
            });
            // journals written before a cancel or failure cleared the collection: clear them now
            states.values().stream().filter(s -> s.ended() != null).map(CollectionState::collection).toList()
                    .forEach(c -> retire(c, null));
        }
        return new ArrayList<>(states.keySet());
    }

    /** Records a batch of results durably, then applies it; returns the collections whose state changed. */
    public synchronized Set<String> record(List<ImageResult> results) {
        load();
        Map<String, List<JournalEntry>> byCollection = new LinkedHashMap<>();
        for (ImageResult r : results) {
            Optional<String> problem = EventCheck.imageResult(r);
            if (problem.isPresent()) {
                reject(rejectedResults, problem.get());
            } else if (r.status() != ImageResult.Status.SKIPPED && !stray(r.collection(), r.harvestId())) {
                byCollection.computeIfAbsent(r.collection(), c -> new ArrayList<>()).add(JournalEntry.of(r));
            }
        }
        Set<String> changed = new LinkedHashSet<>();
        byCollection.forEach((collection, entries) -> {
            journal.append(collection, entries);
            CollectionState s = states.computeIfAbsent(collection, CollectionState::new);
            for (JournalEntry e : entries) {
                if (s.apply(e.result())) {
                    changed.add(collection);
                }
            }
        });
        return changed;
    }

    /**
     * Records a harvest event durably, then applies it; returns true when it changed what is tracked. CANCELLED
     * or FAILED of the current harvest clears the collection (its harvest ids are retired, so its late results are
     * dropped), so a new harvest of the collection starts clean.
     */
    public synchronized boolean record(HarvestEvent e) {
        load();
        Optional<String> problem = EventCheck.harvestEvent(e);
        if (problem.isPresent()) {
            reject(rejectedEvents, problem.get());
            return false;
        }
        if (stray(e.collection(), e.harvestId())) {
            return false;
        }
        CollectionState s = states.get(e.collection());
        if (e.type() == HarvestEvent.Type.CANCELLED || e.type() == HarvestEvent.Type.FAILED) {
            if (s != null && s.harvestId() != null && e.harvestId() != null && !s.harvestId().equals(e.harvestId())) {
                LOG.infof("Ignoring %s of harvest %s: %s is tracking harvest %s", e.type(),
                        PathComponents.quote(e.harvestId()), e.collection(), s.harvestId());
                return false;
            }
            retire(e.collection(), e.harvestId());
            return true;
        }
        journal.append(e.collection(), List.of(JournalEntry.of(e)));
        states.computeIfAbsent(e.collection(), CollectionState::new).apply(e);
        return true;
    }

    /** Records that OK images' files are missing at archive time: they count as failed from now on. */
    public synchronized void markMissing(String collection, List<String> imageIds) {
        CollectionState s = states.get(collection);
        if (imageIds.isEmpty() || s == null) {
            return; // nothing to record, or the collection was cleared (a cancel) while its files were checked
        }
        journal.append(collection, imageIds.stream().map(JournalEntry::missing).toList());
        imageIds.forEach(s::markMissing);
    }

    /** A copy of the collection's state, if tracked. */
    public synchronized Optional<CollectionSnapshot> snapshot(String collection) {
        load();
        CollectionState s = states.get(collection);
        return s == null ? Optional.empty() : Optional.of(CollectionSnapshot.of(s));
    }

    /**
     * A copy of the collection's state without the per-image outcomes (cheap, for deciding what to do), if tracked;
     * {@link #snapshot(String)} copies everything, {@link #outcomes(String, String)} one date.
     */
    public synchronized Optional<CollectionSnapshot> progress(String collection) {
        load();
        CollectionState s = states.get(collection);
        return s == null ? Optional.empty() : Optional.of(CollectionSnapshot.withoutOutcomes(s));
    }

    /** The outcomes of one date of a collection (empty when untracked). */
    public synchronized List<ImageOutcome> outcomes(String collection, String date) {
        CollectionState s = states.get(collection);
        return s == null ? List.of() : s.outcomes(date);
    }

    /**
     * Stops tracking a finalised collection: its harvest ids are recorded as finished (so redelivered records of
     * them are dropped), then its journal is removed.
     */
    public synchronized void forget(String collection) {
        retire(collection, null);
    }

    /** Retires every harvest id of the collection (and {@code harvestId}, if given), then stops tracking it. */
    private void retire(String collection, String harvestId) {
        CollectionState s = states.remove(collection);
        Set<String> ids = new LinkedHashSet<>(s == null ? Set.of() : s.harvestIds());
        if (harvestId != null) {
            ids.add(harvestId);
        }
        finished.add(collection, ids);
        journal.delete(collection);
    }

    /** Records redelivered after their collection was finalised, recognised and dropped. */
    public long dropped() {
        return dropped.get();
    }

    /** A record of a harvest already finalised, cancelled or failed: a redelivery or a straggler to drop. */
    private boolean stray(String collection, String harvestId) {
        if (!finished.contains(collection, harvestId)) {
            return false;
        }
        dropped.incrementAndGet();
        LOG.debugf("Dropping a record of harvest %s: %s is finished with it", PathComponents.quote(harvestId),
                collection);
        return true;
    }

    /** Harvest events dropped because a field was missing, unknown or unsafe (see {@link EventCheck}). */
    public long rejectedEvents() {
        return rejectedEvents.get();
    }

    /** Image results dropped because a field was missing, unknown or unsafe (see {@link EventCheck}). */
    public long rejectedResults() {
        return rejectedResults.get();
    }

    /** Every record dropped as unusable: {@link #rejectedEvents()} plus {@link #rejectedResults()}. */
    public long rejected() {
        return rejectedEvents.get() + rejectedResults.get();
    }

    private static void reject(AtomicLong counter, String why) {
        counter.incrementAndGet();
        LOG.warnf("Dropping a bad record: %s", why);
    }

    /** Closes the journal files (the state stays on disk). */
    @PreDestroy
    public synchronized void close() {
        journal.close();
    }
}
