package mapillary.archive.stats.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.stats.aggregate.Aggregator;
import mapillary.archive.stats.aggregate.ScrapeItemParser;
import mapillary.archive.stats.ia.IaScrapeClient;
import mapillary.archive.stats.model.CollectionEntry;
import mapillary.archive.stats.model.StatsCache;
import mapillary.archive.stats.storage.StatsCacheStore;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the current statistics: refreshes them from IA (on first use and on demand), persists every good search, and
 * falls back to the last good data (in memory, else on disk) when IA fails, as the original does.
 */
@ApplicationScoped
public class StatsService {

    private static final Logger LOG = Logger.getLogger(StatsService.class);

    private final IaScrapeClient ia;
    private final StatsCacheStore store;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile StatsSnapshot current;

    public StatsService(IaScrapeClient ia, StatsCacheStore store) {
        this.ia = ia;
        this.store = store;
    }

    /** The current statistics, searching IA first if there are none yet; empty when neither IA nor a cache has any. */
    public Optional<StatsSnapshot> current() {
        StatsSnapshot s = current;
        if (s != null) {
            return Optional.of(s);
        }
        refreshing.lock();
        try {
            if (current == null) {
                try {
                    refresh();
                } catch (RefreshFailedException e) {
                    return Optional.ofNullable(e.fallback());
                }
            }
            return Optional.ofNullable(current);
        } finally {
            refreshing.unlock();
        }
    }

    /** Searches IA now; on failure the previous data stays (or the disk cache is loaded) and the error is thrown. */
    public StatsSnapshot refresh() {
        refreshing.lock();
        try {
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
            StatsCache cache = new StatsCache(Instant.now(), parsed.skipped(), parsed.entries());
            try {
                store.save(cache);
            } catch (RuntimeException e) {
                LOG.warnf("Could not save the stats cache %s: %s", store.file(), e.getMessage());
            }
            LOG.infof("Updated cache with %d collections", cache.collections().size());
            current = new StatsSnapshot(cache, Aggregator.aggregate(cache.collections().values()), "ia", null);
            return current;
        } finally {
            refreshing.unlock();
        }
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
