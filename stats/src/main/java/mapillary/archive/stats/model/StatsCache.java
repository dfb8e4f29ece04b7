package mapillary.archive.stats.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.Map;

/**
 * The result of one successful IA search, as kept in memory and in {@code stats/cache.json}.
 *
 * @param updatedAt   when IA was searched
 * @param skipped     items whose identifier is not one of our collection names (not ours)
 * @param malformed   items that could not be read at all (not a JSON object, no text identifier)
 * @param collections entries keyed by collection identifier (first part), in search order
 */
public record StatsCache(
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("malformed") int malformed,
        @JsonProperty("collections") Map<String, CollectionEntry> collections) {

    public StatsCache(Instant updatedAt, int skipped, Map<String, CollectionEntry> collections) {
        this(updatedAt, skipped, 0, collections);
    }
}
