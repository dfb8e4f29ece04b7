package mapillary.archive.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A harvest as the harvester's REST API shows it ({@code GET /harvests/{id}}); fields the CLI does not know are
 * ignored so a newer harvester still works.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HarvestInfo(String id, String collection, String username, String quality, boolean webp, String bbox,
                          boolean tar, String status, String reason, Counts counts, double rate, Long etaSeconds,
                          String eta, String createdAt, String updatedAt, String finishedAt, Boolean uploaded) {

    /** Image counts and bytes so far. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Counts(long listed, long fetched, long failed, long skipped, long rejected, long bytes) {
    }

    public Counts countsOrZero() {
        return counts == null ? new Counts(0, 0, 0, 0, 0, 0) : counts;
    }

    /** DONE, FAILED, CANCELLED and SKIPPED end a harvest. */
    public boolean isFinal() {
        return "DONE".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status)
                || "SKIPPED".equals(status);
    }
}
