package mapillary.archive.stats.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.stats.aggregate.Aggregator;
import mapillary.archive.stats.aggregate.ScrapeItemParser;
import mapillary.archive.stats.ia.IaScrapeClient;
import mapillary.archive.stats.ia.UploaderClient;
import mapillary.archive.stats.model.CollectionEntry;
import mapillary.archive.stats.model.StatsCache;
import mapillary.archive.stats.storage.StatsCacheStore;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the current statistics: refreshes them from IA (on first use, on schedule and on demand), persists every good
 * search, and falls back to the last good data (in memory, else on disk) when IA fails, as the original does.
 * <p>
 * Only one refresh runs at a time: a refresh requested while one is running does not start another but waits for the
 * running one and gets its result (or its failure).
 */
@ApplicationScoped
public class StatsService {

    private static final Logger LOG = Logger.getLogger(StatsService.class);

    private final IaScrapeClient ia;
    private final UploaderClient uploaders;
    private final StatsCacheStore store;
    private final PendingCollections pending;
    private final Object flight = new Object();
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong joined = new AtomicLong();
    private CompletableFuture<StatsSnapshot> inFlight;
    private volatile StatsSnapshot current;

    public StatsService(IaScrapeClient ia, UploaderClient uploaders, StatsCacheStore store,
                        PendingCollections pending) {
        this.ia = ia;
        this.uploaders = uploaders;
        this.store = store;
        this.pending = pending;
    }

    /** The current statistics, searching IA first if there are none yet; empty when neither IA nor a cache has any. */
    public Optional<StatsSnapshot> current() {
        StatsSnapshot s = current;
        if (s != null) {
            return Optional.of(s);
        }
        try {
            return Optional.of(refresh());
        } catch (RefreshFailedException e) {
            return Optional.ofNullable(e.fallback());
        }
    }

    /** The current statistics without searching IA (for gauges); empty before the first search. */
    public Optional<StatsSnapshot> peek() {
        return Optional.ofNullable(current);
    }

    /** Whether a refresh is running right now. */
    public boolean refreshing() {
        synchronized (flight) {
            return inFlight != null;
        }
    }

    /** Refreshes started since start (joined requests not counted). */
    public long refreshesStarted() {
        return started.get();
    }

    /** Refresh requests that joined a running refresh instead of starting one. */
    public long refreshesJoined() {
        return joined.get();
    }

    /** Where the cache lives (the report's last line). */
    public String cachePath() {
        return store.file().toAbsolutePath().normalize().toString();
    }

    /** Collections our archiver finalised that the current IA data does not list yet. */
    public List<PendingCollection> pendingCollections() {
        StatsSnapshot s = current;
        return pending.notIn(s == null ? java.util.Set.of() : s.cache().collections().keySet());
    }

    /**
     * Searches IA now, or joins the refresh already running; on failure the previous data stays (or the disk cache is
     * loaded) and {@link RefreshFailedException} carries it.
     */
    public StatsSnapshot refresh() {
        CompletableFuture<StatsSnapshot> mine;
        boolean owner = false;
        synchronized (flight) {
            if (inFlight == null) {
                inFlight = new CompletableFuture<>();
                owner = true;
            }
            mine = inFlight;
        }
        if (owner) {
            started.incrementAndGet();
            try {
                mine.complete(doRefresh());
            } catch (Throwable t) {
                mine.completeExceptionally(t);
            } finally {
                synchronized (flight) {
                    inFlight = null;
                }
            }
        } else {
            joined.incrementAndGet();
        }
        try {
            return mine.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private StatsSnapshot doRefresh() {
        Map<String, CollectionEntry> previous = current != null ? current.cache().collections()
                : store.load().map(StatsCache::collections).orElse(Map.of());
        List<JsonNode> items;
        try {
            items = ia.scrapeAll();
        } catch (RuntimeException e) {
            throw failed(e);
        }
        ScrapeItemParser.Result parsed = ScrapeItemParser.parse(items, previous);
        if (parsed.skipped() > 0) {
            LOG.debugf("Skipped %d items whose identifier is not a collection name", parsed.skipped());
        }
        if (parsed.malformed() > 0) {
            LOG.warnf("Skipped %d malformed items (not an object or no identifier)", parsed.malformed());
        }
        Map<String, CollectionEntry> entries = lookUpUploaders(parsed.entries());
        StatsCache cache = new StatsCache(Instant.now(), parsed.skipped(), parsed.malformed(), entries);
        try {
            store.save(cache);
        } catch (RuntimeException e) {
            LOG.warnf("Could not save the stats cache %s: %s", store.file(), e.getMessage());
        }
        LOG.infof("Updated cache with %d collections", cache.collections().size());
        pending.prune(entries.keySet());
        current = new StatsSnapshot(cache, Aggregator.aggregate(cache.collections().values()), "ia", null);
        return current;
    }

    /** Looks up the uploader of every item outside mapillary-images that has none cached (spec §12). */
    private Map<String, CollectionEntry> lookUpUploaders(Map<String, CollectionEntry> entries) {
        List<String> todo = entries.entrySet().stream()
                .filter(e -> e.getValue().outsideMapillaryImages() && e.getValue().uploader() == null)
                .map(Map.Entry::getKey).toList();
        if (todo.isEmpty()) {
            return entries;
        }
        LOG.infof("Fetching uploader info for %d items...", todo.size());
        Map<String, CollectionEntry> out = new LinkedHashMap<>(entries);
        int i = 0;
        for (String id : todo) {
            LOG.infof("  [%d/%d] %s", ++i, todo.size(), id);
            uploaders.uploader(id).ifPresent(u -> out.put(id, out.get(id).withUploader(u)));
        }
        return out;
    }

    private RefreshFailedException failed(RuntimeException e) {
        String message = "Failed to fetch IA data: " + e.getMessage();
        LOG.error(message);
        LOG.info("Using cached data...");
        if (current == null) {
            store.load().ifPresent(c -> current = new StatsSnapshot(c, Aggregator.aggregate(c.collections().values()),
                    "cache", null));
        }
        if (current == null) {
            LOG.error("No cached data and failed to fetch from IA");
            return new RefreshFailedException(message, e, null);
        }
        current = current.withError(message);
        return new RefreshFailedException(message, e, current);
    }
}
