package mapillary.archive.stats.service;

import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.StatsCache;

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
}
