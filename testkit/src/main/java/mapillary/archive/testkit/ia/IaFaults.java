package mapillary.archive.testkit.ia;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fault injection for the fake IA, so clients can be tested against IA's real failure modes: S3 {@code SlowDown}
 * (by count or rate), the "appears to be spam" and "total_tasks_queued" 503 variants, S3 over-limit, scrape errors,
 * metadata 5xx and added latency. All settings are thread-safe and take effect on the next request.
 */
public final class IaFaults {

    /** Which kind of 503 an S3 PUT gets. */
    enum S3Fault { SLOW_DOWN, SPAM, QUEUE_FULL }

    private final AtomicInteger slowDownNext = new AtomicInteger();
    private final AtomicLong slowDownRateBits = new AtomicLong(Double.doubleToLongBits(0));
    private final AtomicInteger spamNext = new AtomicInteger();
    private final AtomicInteger queueFullNext = new AtomicInteger();
    private final AtomicInteger overLimitNext = new AtomicInteger();
    private volatile boolean overLimit;
    private final AtomicInteger scrapeErrorsNext = new AtomicInteger();
    private volatile int scrapeErrorStatus = 503;
    private final AtomicInteger metadataErrorsNext = new AtomicInteger();
    private volatile int metadataErrorStatus = 502;
    private volatile Duration latency = Duration.ZERO;

    /** The next {@code n} S3 PUTs answer 503 {@code SlowDown} "Please reduce your request rate.". */
    public IaFaults slowDownNext(int n) {
        slowDownNext.set(n);
        return this;
    }

    /** Each S3 PUT answers 503 {@code SlowDown} with this probability (0 to 1). */
    public IaFaults slowDownRate(double probability) {
        slowDownRateBits.set(Double.doubleToLongBits(probability));
        return this;
    }

    /** The next {@code n} S3 PUTs answer the 503 "appears to be spam" variant (which must not be retried). */
    public IaFaults spamNext(int n) {
        spamNext.set(n);
        return this;
    }

    /** The next {@code n} S3 PUTs answer the 503 "total_tasks_queued exceeds global_limit" variant. */
    public IaFaults queueFullNext(int n) {
        queueFullNext.set(n);
        return this;
    }

    /** The next {@code n} {@code GET /?check_limit=1} answer {@code over_limit: 1}. */
    public IaFaults overLimitNext(int n) {
        overLimitNext.set(n);
        return this;
    }

    /** While true, every {@code check_limit} answers {@code over_limit: 1}. */
    public IaFaults overLimit(boolean on) {
        overLimit = on;
        return this;
    }

    /** The next {@code n} scrape calls fail with HTTP 503 and an {@code {"error": ...}} body. */
    public IaFaults scrapeErrorsNext(int n) {
        return scrapeErrorsNext(n, 503);
    }

    /** The next {@code n} scrape calls fail with {@code status} and an {@code {"error": ...}} body. */
    public IaFaults scrapeErrorsNext(int n, int status) {
        scrapeErrorStatus = status;
        scrapeErrorsNext.set(n);
        return this;
    }

    /** The next {@code n} metadata reads or writes fail with HTTP 502. */
    public IaFaults metadataErrorsNext(int n) {
        return metadataErrorsNext(n, 502);
    }

    /** The next {@code n} metadata reads or writes fail with {@code status}. */
    public IaFaults metadataErrorsNext(int n, int status) {
        metadataErrorStatus = status;
        metadataErrorsNext.set(n);
        return this;
    }

    /** Every request on both hosts waits this long before it is handled. */
    public IaFaults latency(Duration d) {
        latency = d == null ? Duration.ZERO : d;
        return this;
    }

    /** Removes every fault. */
    public void clear() {
        slowDownNext.set(0);
        slowDownRateBits.set(Double.doubleToLongBits(0));
        spamNext.set(0);
        queueFullNext.set(0);
        overLimitNext.set(0);
        overLimit = false;
        scrapeErrorsNext.set(0);
        metadataErrorsNext.set(0);
        latency = Duration.ZERO;
    }

    // ---- used by the handlers ----

    S3Fault nextS3Fault() {
        if (take(spamNext)) {
            return S3Fault.SPAM;
        }
        if (take(queueFullNext)) {
            return S3Fault.QUEUE_FULL;
        }
        if (take(slowDownNext)) {
            return S3Fault.SLOW_DOWN;
        }
        double rate = Double.longBitsToDouble(slowDownRateBits.get());
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return S3Fault.SLOW_DOWN;
        }
        return null;
    }

    boolean nextOverLimit() {
        return take(overLimitNext) || overLimit;
    }

    /** The status to fail this scrape with, or 0. */
    int nextScrapeError() {
        return take(scrapeErrorsNext) ? scrapeErrorStatus : 0;
    }

    /** The status to fail this metadata call with, or 0. */
    int nextMetadataError() {
        return take(metadataErrorsNext) ? metadataErrorStatus : 0;
    }

    void delay() {
        Duration d = latency;
        if (!d.isZero()) {
            try {
                Thread.sleep(d);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean take(AtomicInteger counter) {
        return counter.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }
}
