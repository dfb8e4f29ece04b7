package mapillary.archive.common.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter: attempt k (1-based) waits up to {@code base * 2^(k-1)}, capped.
 *
 * @param maxAttempts total attempts including the first
 * @param base        wait before the second attempt (before jitter)
 * @param cap         longest single wait
 * @param jitter      true for full jitter (random in [wait/2, wait]); false for the exact doubling of the original
 */
public record Backoff(int maxAttempts, Duration base, Duration cap, boolean jitter) {

    /** The original's Mapillary API policy: 10 attempts, 1 s doubling (1..256 s, ~511 s in total). */
    public static final Backoff MAPILLARY_API = new Backoff(10, Duration.ofSeconds(1), Duration.ofSeconds(256), true);

    /** Image downloads: a few quick retries. */
    public static final Backoff DOWNLOAD = new Backoff(5, Duration.ofMillis(500), Duration.ofSeconds(30), true);

    public Backoff {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based), before the next one. */
    public Duration delayAfter(int attempt) {
        long baseMs = base.toMillis();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long ms = Math.min(cap.toMillis(), baseMs << shift);
        if (ms < 0) {
            ms = cap.toMillis();
        }
        if (jitter && ms > 1) {
            ms = ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1);
        }
        return Duration.ofMillis(ms);
    }

    /** Whether another attempt is allowed after {@code attempt} failed attempts. */
    public boolean canRetryAfter(int attempt) {
        return attempt < maxAttempts;
    }

    /** A copy with a different base (tests shrink waits; operators tune them). */
    public Backoff withBase(Duration newBase) {
        return new Backoff(maxAttempts, newBase, cap, jitter);
    }
}
