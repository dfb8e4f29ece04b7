package mapillary.archive.stats.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.service.StatsSnapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The JSON body of {@code GET /stats}: the aggregate plus where it came from and how fresh it is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsView(
        @JsonProperty("source") String source,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("skipped") int skipped,
        @JsonProperty("total") Aggregate.Totals total,
        @JsonProperty("user_count") int userCount,
        @JsonProperty("users") List<String> users,
        @JsonProperty("by_quality") Map<String, Aggregate.QualityTotals> byQuality) {

    static StatsView of(StatsSnapshot s) {
        return new StatsView(s.source(), s.cache().updatedAt(), s.lastError(), s.cache().skipped(),
                s.aggregate().total(), s.aggregate().users().size(), s.aggregate().users(),
                s.aggregate().byQuality());
    }
}
