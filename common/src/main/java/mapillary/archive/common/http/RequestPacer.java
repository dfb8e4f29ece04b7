package mapillary.archive.common.http;

import java.time.Duration;

/** A client-side rate limit: spaces requests so that at most N are made per minute, across all callers sharing it. */
public final class RequestPacer {

    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    /** At most {@code requestsPerMinute} requests a minute; 0 or less means unlimited. */
    public RequestPacer(int requestsPerMinute) {
        this(requestsPerMinute <= 0 ? 0 : Duration.ofMinutes(1).toNanos() / requestsPerMinute);
    }

    private RequestPacer(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** At most {@code requestsPerSecond} requests a second (fractions allowed); 0 or less means unlimited. */
    public static RequestPacer perSecond(double requestsPerSecond) {
        return new RequestPacer(requestsPerSecond <= 0 ? 0 : (long) (Duration.ofSeconds(1).toNanos() / requestsPerSecond));
    }

    /** Blocks until the caller may send its next request. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
