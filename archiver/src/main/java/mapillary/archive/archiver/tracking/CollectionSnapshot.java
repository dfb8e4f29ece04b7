package mapillary.archive.archiver.tracking;

import mapillary.archive.common.collection.Quality;

import java.util.List;

/**
 * An immutable copy of a collection's tracking state, taken under the tracker's lock, for work done outside it.
 *
 * @param collection    collection name
 * @param harvestId     the latest harvest id seen
 * @param username      Mapillary username (from STARTED/LISTED), or null
 * @param quality       quality, or null
 * @param webp          WebP on
 * @param tar           tar the date directories
 * @param listed        images the harvest listed (LISTED's total), or -1 before LISTED
 * @param complete      every listed image is accounted for
 * @param completeDates dates whose listed images are all accounted for
 * @param outcomes      the outcome of every distinct image seen (empty in a {@link Tracker#progress} copy)
 */
public record CollectionSnapshot(String collection, String harvestId, String username, Quality quality,
                                 boolean webp, boolean tar, long listed, boolean complete, List<String> completeDates,
                                 List<ImageOutcome> outcomes) {

    static CollectionSnapshot of(CollectionState s) {
        return new CollectionSnapshot(s.collection(), s.harvestId(), s.username(), s.quality(), s.webp(), s.tar(),
                s.listing() == null ? -1 : s.listing().total(), s.complete(), List.copyOf(s.completeDates()), List.copyOf(s.outcomes()));
    }

    static CollectionSnapshot withoutOutcomes(CollectionState s) {
        return new CollectionSnapshot(s.collection(), s.harvestId(), s.username(), s.quality(), s.webp(), s.tar(),
                s.listing() == null ? -1 : s.listing().total(), s.complete(), List.copyOf(s.completeDates()), List.of());
    }

    public long archived() {
        return outcomes.stream().filter(ImageOutcome::ok).count();
    }

    public long failed() {
        return outcomes.size() - archived();
    }
}
