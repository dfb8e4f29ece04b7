package mapillary.archive.archiver.tracking;

import mapillary.archive.common.event.ImageResult;

/**
 * The final word on one image of a collection: OK (on disk at {@code path}) or FAILED for good (with a reason).
 *
 * @param imageId   Mapillary image id
 * @param date      UTC date bucket
 * @param ok        true when the file was written
 * @param path      file path relative to the collection dir (OK only)
 * @param fileBytes file size (OK only)
 * @param reason    why it failed (FAILED only)
 * @param attempts  download attempts made
 */
public record ImageOutcome(String imageId, String date, boolean ok, String path, long fileBytes, String reason,
                           int attempts) {

    static ImageOutcome of(ImageResult r) {
        boolean ok = r.status() == ImageResult.Status.OK;
        return new ImageOutcome(r.imageId(), r.date(), ok, ok ? r.path() : null, ok ? r.fileBytes() : 0,
                ok ? null : r.reason(), r.attempts());
    }

    /** A FAILED outcome for an image whose OK file is missing at archive time. */
    ImageOutcome missing() {
        return new ImageOutcome(imageId, date, false, null, 0, "file missing at archive time: " + path, attempts);
    }
}
