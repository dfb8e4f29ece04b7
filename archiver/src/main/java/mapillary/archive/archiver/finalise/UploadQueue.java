package mapillary.archive.archiver.finalise;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Where a finalised collection goes next: the IA upload when keys are set, nowhere otherwise. */
public interface UploadQueue {

    /** No upload configured. */
    UploadQueue NONE = (collection, harvestId, images, failed) -> {
    };

    /** Durably records that {@code collection} (now in {@code output/}) must be uploaded, and starts it. */
    void enqueue(String collection, String harvestId, long images, long failed);

    /** True when finalised collections are uploaded (IA keys set): FINALISED then says an upload follows. */
    default boolean enabled() {
        return false;
    }

    /** True when tars are to be uploaded as they are made (upload on and {@code archiver.upload.incremental}). */
    default boolean incremental() {
        return false;
    }

    /**
     * Uploads one tar of a collection still in progress to IA item {@code item} soon, creating the item with
     * {@code metadata} if needed; best effort, since finalisation uploads whatever is not there yet.
     */
    default void early(String item, Path file, Map<String, List<String>> metadata) {
    }
}
