package mapillary.archive.harvester.job;

import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.Quality;

/** A validated request to harvest one user at one quality. */
public record HarvestRequest(String username, Quality quality, boolean webp, Bbox bbox, boolean force, boolean tar,
                             boolean checkIa) {
}
