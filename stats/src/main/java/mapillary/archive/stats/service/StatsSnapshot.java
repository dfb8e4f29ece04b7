package mapillary.archive.stats.service;

import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.StatsCache;

import java.time.Duration;
import java.time.Instant;

/**
 * What stats serves right now.
 *
 * @param cache     the collections and when they were searched
 * @param aggregate totals over them
 * @param source    {@code ia} when this process searched IA itself, {@code cache} when loaded from the disk cache
 * @param lastError the last refresh failure since that search, or null
 */
public record StatsSnapshot(StatsCache cache, Aggregate aggregate, String source, String lastError) {

    public StatsSnapshot withError(String error) {
        return new StatsSnapshot(cache, aggregate, source, error);
    }

    /** How old the data is (since IA was searched), never negative. */
    public Duration age(Instant now) {
        Instant at = cache.updatedAt();
        if (at == null) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(at, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Whether the last attempt to refresh failed, so this data is older than it should be. */
    public boolean stale() {
        return lastError != null;
    }
}
