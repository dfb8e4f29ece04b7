package mapillary.archive.common.http;

import java.time.Duration;

/** A client-side rate limit: spaces requests so that at most N are made per minute, across all callers sharing it. */
public final class RequestPacer {

    private final long intervalNanos;
    private long nextSlot = System.nanoTime();

    public RequestPacer(int requestsPerMinute) {
        this.intervalNanos = requestsPerMinute <= 0 ? 0 : Duration.ofMinutes(1).toNanos() / requestsPerMinute;
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
