package mapillary.archive.fetcher.storage;

import java.io.IOException;

/** A write failed because the data dir is full: the image is not finished, and must be retried once space is back. */
public class StorageFullException extends RuntimeException {

    public StorageFullException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code e} or one of its causes is the operating system's "No space left on device" (ENOSPC, EDQUOT). */
    public static boolean isNoSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StorageFullException) {
                return true;
            }
            String m = t.getMessage();
            if (t instanceof IOException && m != null
                    && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
