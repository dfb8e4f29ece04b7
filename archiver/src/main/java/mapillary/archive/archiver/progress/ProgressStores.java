package mapillary.archive.archiver.progress;

/**
 * The names and keys of the tracking topology's persistent stores (RocksDB, each backed by a changelog topic
 * {@code <application id>-<store>-changelog}).
 */
public final class ProgressStores {

    /** {@code <collection>/<harvest id>/<image id>} to the image's best status in that harvest: the dedupe. */
    public static final String OUTCOMES = "image-outcomes";
    /** {@code <collection>/<harvest id>} to its {@link ProgressCounts}. */
    public static final String PROGRESS = "harvest-counts";
    /** {@code <collection>} to the id of its current harvest (the newest STARTED or LISTED). */
    public static final String CURRENT = "current-harvest";

    private ProgressStores() {
    }

    /** The progress key of a harvest; collection names and harvest ids hold no {@code /}. */
    static String harvestKey(String collection, String harvestId) {
        return collection + "/" + (harvestId == null ? "" : harvestId);
    }

    static String outcomeKey(String collection, String harvestId, String imageId) {
        return harvestKey(collection, harvestId) + "/" + imageId;
    }
}
