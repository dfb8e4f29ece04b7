package mapillary.archive.harvester.job;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** The in-memory index of harvests by id, and of the one running harvest per collection. */
@ApplicationScoped
public class HarvestRegistry {

    private final Map<String, Harvest> byId = new ConcurrentHashMap<>();
    private final Map<String, Harvest> latestByCollection = new ConcurrentHashMap<>();
    private final CountDownLatch restored = new CountDownLatch(1);

    /** The harvests saved on disk are all in the registry (with their result logs open). */
    public void restored() {
        restored.countDown();
    }

    /**
     * Blocks until {@link #restored()} (at most {@code seconds}), so that no progress message is applied to, or
     * committed past, a harvest that is not loaded yet.
     */
    public void awaitRestored(long seconds) throws InterruptedException {
        restored.await(seconds, TimeUnit.SECONDS);
    }

    /**
     * Adds a harvest; when it is not final, no other unfinished harvest of its collection may exist.
     *
     * @throws AlreadyRunningException with the running one otherwise
     */
    public synchronized void add(Harvest harvest) {
        Harvest current = latestByCollection.get(harvest.collection());
        if (!harvest.status().isFinal() && current != null && !current.status().isFinal()) {
            throw new AlreadyRunningException(current);
        }
        byId.put(harvest.id(), harvest);
        if (current == null || !harvest.status().isFinal() || current.status().isFinal()) {
            latestByCollection.put(harvest.collection(), harvest);
        }
    }

    public Optional<Harvest> byId(String id) {
        return Optional.ofNullable(id == null ? null : byId.get(id));
    }

    /** The running (or, failing that, the latest) harvest of a collection. */
    public Optional<Harvest> latest(String collection) {
        return Optional.ofNullable(collection == null ? null : latestByCollection.get(collection));
    }

    /**
     * The harvest an event names by id; only an event without an id falls back to the collection's latest. An event
     * of an earlier harvest this registry no longer knows (redelivered after a crash, or its collection moved away)
     * resolves to nothing, so it can never finish a later harvest of the same collection.
     */
    public Optional<Harvest> resolve(String harvestId, String collection) {
        if (harvestId != null && !harvestId.isBlank()) {
            return byId(harvestId);
        }
        return latest(collection);
    }

    /** All harvests, newest first. */
    public List<Harvest> all() {
        return byId.values().stream().sorted(Comparator.comparing(Harvest::createdAt).reversed()).toList();
    }
}
