package mapillary.archive.stats.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.report.TextReport;
import mapillary.archive.stats.service.PendingCollection;
import mapillary.archive.stats.service.StatsSnapshot;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON body of {@code GET /stats}: the aggregate plus where it came from and how fresh it is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Stats", description = "Everything of ours archived on the Internet Archive, aggregated (spec §12).")
public record StatsView(
        @Schema(description = "ia: searched by this process; cache: loaded from the disk cache after IA failed",
                enumeration = {"ia", "cache"}, required = true)
        @JsonProperty("source") String source,
        @Schema(description = "When IA was searched for this data (UTC)", required = true)
        @JsonProperty("updated_at") Instant updatedAt,
        @Schema(description = "Seconds since updated_at", required = true)
        @JsonProperty("age_seconds") long ageSeconds,
        @Schema(description = "True when the last refresh failed and older data is served", required = true)
        @JsonProperty("stale") boolean stale,
        @Schema(description = "The last refresh failure, absent when the last refresh succeeded")
        @JsonProperty("last_error") String lastError,
        @Schema(description = "True while a refresh is running", required = true)
        @JsonProperty("refreshing") boolean refreshing,
        @Schema(description = "Search results whose identifier is not one of our collection names", required = true)
        @JsonProperty("skipped") int skipped,
        @Schema(description = "Search results that could not be read (not an object, no identifier)", required = true)
        @JsonProperty("malformed") int malformed,
        @Schema(description = "Overall totals", required = true)
        @JsonProperty("total") Aggregate.Totals total,
        @Schema(description = "Number of distinct Mapillary users", required = true)
        @JsonProperty("user_count") int userCount,
        @Schema(description = "Distinct Mapillary usernames, sorted", required = true)
        @JsonProperty("users") List<String> users,
        @Schema(description = "Per quality, in the order original, 2048, 1024, 256 (qualities present only)",
                required = true)
        @JsonProperty("by_quality") Map<String, Aggregate.QualityTotals> byQuality,
        @Schema(description = "Per month of capture (YYYY-MM ascending, then 'unknown'). Approximation: each "
                + "collection's images and bytes are spread over its capture range (first_capture..last_capture, "
                + "else the description's dates) in proportion to days", required = true)
        @JsonProperty("by_month") Map<String, Aggregate.MonthTotals> byMonth,
        @Schema(description = "Identifiers of items outside the mapillary-images IA collection, by uploader "
                + "('unknown' when IA does not say)", required = true)
        @JsonProperty("outside_mapillary_images") Map<String, List<String>> outsideMapillaryImages,
        @Schema(description = "Collections our archiver finalised or uploaded that the IA search does not list yet",
                required = true)
        @JsonProperty("pending") List<PendingCollection> pending) {

    static StatsView of(StatsSnapshot s, boolean refreshing, List<PendingCollection> pending) {
        return new StatsView(s.source(), s.cache().updatedAt(), s.age(Instant.now()).toSeconds(), s.stale(),
                s.lastError(), refreshing, s.cache().skipped(), s.cache().malformed(), s.aggregate().total(),
                s.aggregate().users().size(), s.aggregate().users(), s.aggregate().byQuality(),
                s.aggregate().byMonth(), TextReport.itemsOutside(s.cache().collections()), pending);
    }
}
