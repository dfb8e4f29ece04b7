package mapillary.archive.stats.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * The result of one successful IA search, as kept in memory and in {@code stats/cache.json}.
 *
 * @param updatedAt   when IA was searched
 * @param skipped     items whose identifier is not one of our collection names
 * @param collections entries keyed by collection identifier (first part), in search order
 */
public record StatsCache(
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("collections") Map<String, CollectionEntry> collections) {
}
