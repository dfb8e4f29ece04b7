package mapillary.archive.stats.service;

/** A refresh from IA failed; carries the data still served (from memory or the disk cache), if any. */
public class RefreshFailedException extends RuntimeException {

    private final transient StatsSnapshot fallback;

    public RefreshFailedException(String message, Throwable cause, StatsSnapshot fallback) {
        super(message, cause);
        this.fallback = fallback;
    }

    /** The data served instead, or null when there is none. */
    public StatsSnapshot fallback() {
        return fallback;
    }
}
