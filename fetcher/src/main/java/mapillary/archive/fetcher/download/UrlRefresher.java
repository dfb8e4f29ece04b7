package mapillary.archive.fetcher.download;

import mapillary.archive.common.collection.Quality;

/** Gets a fresh signed CDN URL for an image whose URL expired. */
public interface UrlRefresher {

    /**
     * A fresh URL for the image at the given quality.
     *
     * @throws RefreshFailedException with a log-safe reason when none can be had
     */
    String refresh(String imageId, Quality quality) throws InterruptedException;

    /** Thrown when a URL cannot be refreshed; the message is safe to log (no token). */
    class RefreshFailedException extends RuntimeException {
        public RefreshFailedException(String message) {
            super(message);
        }
    }
}
