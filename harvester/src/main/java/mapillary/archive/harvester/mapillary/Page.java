package mapillary.archive.harvester.mapillary;

import java.util.List;

/**
 * One listing page: its image records, elements of {@code data} that were not objects, and the next page's URL
 * (null at the end).
 */
public record Page(List<RawRecord> records, int malformed, String next) {
}
