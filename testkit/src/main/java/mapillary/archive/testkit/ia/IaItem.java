package mapillary.archive.testkit.ia;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one fake IA item for assertions.
 *
 * @param identifier the item identifier
 * @param metadata   the item's metadata (values are strings, numbers or lists, as stored)
 * @param files      its files in upload order
 * @param dark       whether the item is dark (metadata API says {@code is_dark}, scrape hides it)
 * @param itemSize   the item size the metadata API reports
 */
public record IaItem(String identifier, Map<String, Object> metadata, List<IaFile> files, boolean dark, long itemSize) {

    /** The file with this name, or null. */
    public IaFile file(String name) {
        return files.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
