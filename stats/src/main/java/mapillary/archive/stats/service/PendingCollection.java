package mapillary.archive.stats.service;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/**
 * A collection our archiver finalised (or uploaded) that the IA search does not list yet.
 *
 * @param collection collection identifier (first part)
 * @param status     the last archiver event seen: {@code FINALISED} or {@code UPLOADED}
 * @param harvestId  harvest that produced it
 * @param images     images archived (from the FINALISED event)
 * @param bytes      bytes archived (from the FINALISED event)
 * @param at         when the archiver reported it
 */
public record PendingCollection(
        @JsonProperty("collection") String collection,
        @JsonProperty("status") String status,
        @JsonProperty("harvest_id") String harvestId,
        @JsonProperty("images") long images,
        @JsonProperty("bytes") long bytes,
        @JsonProperty("at") Instant at) {
}
