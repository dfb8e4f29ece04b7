package mapillary.archive.fetcher.kafka;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * An in-flight limit that adapts like the original's worker pool (DESIGN §3): each window it grows while the
 * throughput grows (and the limit is actually reached), steps back when throughput drops, and backs off hard when
 * troubled downloads (retries, failures) rise. Bounded by {@code [min, max]}.
 */
public final class AdaptiveLimit {

    /**
     * Tuning.
     *
     * @param min     lowest limit
     * @param max     highest limit ({@code fetcher.max-in-flight})
     * @param initial starting limit
     * @param window  how often the limit is reconsidered
     */
    public record Settings(int min, int max, int initial, Duration window) {
        public Settings {
            if (min < 1 || max < min) {
                throw new IllegalArgumentException("need 1 <= min <= max");
            }
            initial = Math.max(min, Math.min(max, initial));
        }
    }

    /** Fraction of troubled completions in a window above which the limit backs off. */
    static final double TROUBLE_THRESHOLD = 0.10;

    private final Settings settings;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition free = lock.newCondition();

    private int limit;
    private int inFlight;
    private long windowStart;
    private int completed;
    private int troubled;
    private boolean saturated;
    private double lastThroughput = -1;

    public AdaptiveLimit(Settings settings) {
        this(settings, System::nanoTime);
    }

    AdaptiveLimit(Settings settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.limit = settings.initial();
        this.windowStart = nanoClock.getAsLong();
    }

    /** Waits until fewer than {@link #limit()} images are in flight, then takes a slot. */
    public void acquire() throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (inFlight >= limit) {
                saturated = true;
                free.await(1, TimeUnit.SECONDS);
                adjustIfDue();
            }
            inFlight++;
            if (inFlight >= limit) {
                saturated = true;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back; {@code troubled} when the image needed retries or failed to download. */
    public void release(boolean troubledCompletion) {
        lock.lock();
        try {
            inFlight--;
            completed++;
            if (troubledCompletion) {
                troubled++;
            }
            adjustIfDue();
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Gives the slot back without counting a completion (an abandoned image). */
    public void abandon() {
        lock.lock();
        try {
            inFlight--;
            free.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public int limit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    private void adjustIfDue() {
        long now = nanoClock.getAsLong();
        long elapsed = now - windowStart;
        if (elapsed < settings.window().toNanos()) {
            return;
        }
        double throughput = completed / (elapsed / 1e9);
        double troubleRate = completed == 0 ? 0 : troubled / (double) completed;
        if (troubleRate > TROUBLE_THRESHOLD) {
            limit = Math.max(settings.min(), (int) (limit * 0.75));
            lastThroughput = -1;
        } else if (!saturated) {
            lastThroughput = -1; // bound by the input, not by the limit: nothing to learn
        } else if (lastThroughput < 0 || throughput >= lastThroughput * 1.02) {
            limit = Math.min(settings.max(), Math.max(limit + 1, (int) (limit * 1.25)));
            lastThroughput = throughput;
        } else if (throughput < lastThroughput * 0.90) {
            limit = Math.max(settings.min(), (int) (limit * 0.9));
            lastThroughput = throughput;
        }
        windowStart = now;
        completed = 0;
        troubled = 0;
        saturated = inFlight >= limit;
        free.signalAll();
    }
}
