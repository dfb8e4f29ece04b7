package mapillary.archive.stats.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/**
 * Totals over all collections (spec §12 aggregation, plus per month of capture).
 *
 * @param total     overall counts
 * @param users     distinct usernames, sorted
 * @param byQuality per-quality counts, ordered original, 2048, 1024, 256 (only qualities present)
 * @param byMonth   per month of capture ({@code YYYY-MM}, ascending, then {@code unknown}); an approximation, see
 *                  {@code MonthlyAggregator}
 */
public record Aggregate(
        @JsonProperty("total") Totals total,
        @JsonProperty("users") List<String> users,
        @JsonProperty("by_quality") Map<String, QualityTotals> byQuality,
        @JsonProperty("by_month") Map<String, MonthTotals> byMonth) {

    public Aggregate(Totals total, List<String> users, Map<String, QualityTotals> byQuality) {
        this(total, users, byQuality, Map.of());
    }

    /**
     * Overall counts.
     *
     * @param collections  collections (size-cap parts counted once)
     * @param totalImages  sum of image counts (unknown counted as 0)
     * @param uniqueImages sum over users of the largest count among that user's collections
     * @param bytes        total size
     */
    public record Totals(
            @JsonProperty("collections") int collections,
            @JsonProperty("total_images") long totalImages,
            @JsonProperty("unique_images") long uniqueImages,
            @JsonProperty("bytes") long bytes) {
    }

    /** Counts of one quality. */
    public record QualityTotals(
            @JsonProperty("collections") int collections,
            @JsonProperty("images") long images,
            @JsonProperty("bytes") long bytes) {
    }

    /**
     * Images and bytes attributed to one month of capture.
     *
     * @param images      images (collections spread over their capture range by days)
     * @param bytes       bytes, spread the same way
     * @param collections collections with at least one day in this month
     */
    public record MonthTotals(
            @JsonProperty("images") long images,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("collections") int collections) {
    }
}
