package mapillary.archive.common.event;

import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.DateBucket;
import mapillary.archive.common.io.PathComponents;

import java.util.Map;
import java.util.Optional;

/**
 * Checks the events read from Kafka before any field becomes a path or a count: anything on a topic is input, and a
 * bad event must be dropped whole rather than half applied. Each check returns the problem, or empty when the event
 * is usable.
 */
public final class EventCheck {

    private EventCheck() {
    }

    /**
     * A harvest event is usable when its type is known, its collection is a valid name, its harvest id (if any) a plain
     * token, and a LISTED's counts are non-negative, per date directory ({@code YYYY-MM-DD} or {@code unknown-date})
     * and add up to its total.
     */
    public static Optional<String> harvestEvent(HarvestEvent e) {
        if (e == null) {
            return Optional.of("unreadable harvest event");
        }
        if (e.type() == null) {
            return Optional.of("harvest event without a known type");
        }
        Optional<String> collection = collection(e.collection()).or(() -> harvestId(e.harvestId()));
        if (collection.isPresent() || e.type() != HarvestEvent.Type.LISTED) {
            return collection;
        }
        return listing(e.total(), e.perDate());
    }

    /** An image result is usable when its collection and harvest id are valid and its id and date can name files. */
    public static Optional<String> imageResult(ImageResult r) {
        if (r == null) {
            return Optional.of("unreadable image result");
        }
        if (r.status() == null) {
            return Optional.of("image result without a known status");
        }
        Optional<String> collection = collection(r.collection()).or(() -> harvestId(r.harvestId()));
        if (collection.isPresent()) {
            return collection;
        }
        if (r.imageId() == null || !PathComponents.isSafe(r.imageId())) {
            return Optional.of("image result with a missing or unsafe image id");
        }
        if (!DateBucket.isDateDirectory(r.date())) {
            return Optional.of("image result with a date that is not a date directory");
        }
        return Optional.empty();
    }

    /** True when {@code collection} is a collection name exactly as {@link CollectionName} writes it. */
    public static boolean isCollectionName(String collection) {
        return collection != null
                && CollectionName.parse(collection).map(n -> n.id().equals(collection)).orElse(false);
    }

    private static Optional<String> collection(String collection) {
        return isCollectionName(collection) ? Optional.empty()
                : Optional.of("invalid collection name " + PathComponents.quote(collection));
    }

    /** A harvest id (a UUID from the harvester) becomes part of store keys and files: a plain token, or absent. */
    private static Optional<String> harvestId(String harvestId) {
        return harvestId == null || PathComponents.isSafe(harvestId) ? Optional.empty()
                : Optional.of("unsafe harvest id " + PathComponents.quote(harvestId));
    }

    private static Optional<String> listing(long total, Map<String, Long> perDate) {
        if (total < 0) {
            return Optional.of("LISTED with a negative total");
        }
        if (perDate == null) {
            return Optional.of("LISTED without counts per date");
        }
        long sum = 0;
        for (Map.Entry<String, Long> d : perDate.entrySet()) {
            if (!DateBucket.isDateDirectory(d.getKey())) {
                return Optional.of("LISTED with a date that is not a date directory: "
                        + PathComponents.quote(d.getKey()));
            }
            if (d.getValue() == null || d.getValue() < 0) {
                return Optional.of("LISTED with a missing or negative count for " + d.getKey());
            }
            sum += d.getValue();
        }
        return sum == total ? Optional.empty()
                : Optional.of("LISTED total " + total + " is not the sum of its per-date counts (" + sum + ")");
    }
}
