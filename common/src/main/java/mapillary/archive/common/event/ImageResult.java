package mapillary.archive.common.event;

/**
 * The outcome of one image task, keyed by collection on {@code mapillary.image-results}: fetcher to archiver
 * and harvester.
 *
 * @param v          schema version ({@link #VERSION})
 * @param harvestId  the harvest the task belonged to
 * @param collection collection name
 * @param imageId    Mapillary image id
 * @param date       UTC date bucket {@code YYYY-MM-DD} or {@code unknown-date}
 * @param status     OK, FAILED or SKIPPED (cancelled harvest)
 * @param bytes      bytes downloaded from the CDN (0 unless OK)
 * @param fileBytes  bytes of the file written to the collection (0 unless OK)
 * @param path       file path relative to the collection dir, when OK
 * @param reason     why it failed, when FAILED
 * @param attempts   download attempts made
 */
public record ImageResult(int v, String harvestId, String collection, String imageId, String date, Status status,
                          long bytes, long fileBytes, String path, String reason, int attempts) {

    public static final int VERSION = 1;

    /** What happened to the image. */
    public enum Status { OK, FAILED, SKIPPED }

    public static ImageResult ok(ImageTask task, String imageId, String date, long bytes, long fileBytes,
                                 String path, int attempts) {
        return new ImageResult(VERSION, task.harvestId(), task.collection(), imageId, date, Status.OK, bytes,
                fileBytes, path, null, attempts);
    }

    public static ImageResult failed(ImageTask task, String imageId, String date, String reason, int attempts) {
        return new ImageResult(VERSION, task.harvestId(), task.collection(), imageId, date, Status.FAILED, 0, 0,
                null, reason, attempts);
    }

    public static ImageResult skipped(ImageTask task, String imageId, String date, String reason) {
        return new ImageResult(VERSION, task.harvestId(), task.collection(), imageId, date, Status.SKIPPED, 0, 0,
                null, reason, 0);
    }
}
