package mapillary.archive.archiver.finalise;

/** Where a finalised collection goes next: the IA upload when keys are set, nowhere otherwise. */
public interface UploadQueue {

    /** No upload configured. */
    UploadQueue NONE = (collection, harvestId, images, failed) -> {
    };

    /** Durably records that {@code collection} (now in {@code output/}) must be uploaded, and starts it. */
    void enqueue(String collection, String harvestId, long images, long failed);
}
