package mapillary.archive.archiver.meta;

import mapillary.archive.common.collection.CollectionName;

/**
 * What the IA metadata of a finished collection is made from.
 *
 * @param name       the parsed collection name (username, quality, WebP)
 * @param version    our build's version string
 * @param archived   distinct images archived
 * @param failed     distinct images that failed for good
 * @param range      UTC capture dates of the archived images, or null when none is known
 * @param tarred     whether date tars sit at the collection root
 * @param part       this item's part number (1-based) when the collection is split past the size cap
 * @param parts      how many items the collection has (1 when not split)
 */
public record MetaInput(CollectionName name, String version, long archived, long failed, CaptureRange range,
                        boolean tarred, int part, int parts) {

    /** A collection that fits one item. */
    public MetaInput(CollectionName name, String version, long archived, long failed, CaptureRange range,
                     boolean tarred) {
        this(name, version, archived, failed, range, tarred, 1, 1);
    }
}
