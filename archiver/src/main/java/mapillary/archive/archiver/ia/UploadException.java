package mapillary.archive.archiver.ia;

/** An upload that must stop (4xx, "appears to be spam", attempts exhausted); the message is safe to log and publish. */
public class UploadException extends Exception {

    private final boolean retryable;

    public UploadException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** True when a later attempt (e.g. after a restart) may succeed: network errors, exhausted 5xx retries. */
    public boolean retryable() {
        return retryable;
    }
}
