package mapillary.archive.archiver.tracking;

import java.util.Map;

/**
 * What the harvester listed for a collection (from its LISTED event).
 *
 * @param total   image tasks published
 * @param perDate tasks per UTC date bucket
 */
public record Listing(long total, Map<String, Long> perDate) {

    public Listing {
        perDate = perDate == null ? Map.of() : Map.copyOf(perDate);
    }
}
