package mapillary.archive.fetcher.download;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Spaces calls evenly at a fixed rate (a token bucket of size one); callers block until their slot. */
public final class RateLimiter {

    private final long intervalNanos;
    private long next;

    public RateLimiter(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0");
        }
        this.intervalNanos = (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.next = System.nanoTime();
    }

    /** Blocks until the caller may make its call. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(now, next);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            Thread.sleep(Duration.ofNanos(wait));
        }
    }
}
