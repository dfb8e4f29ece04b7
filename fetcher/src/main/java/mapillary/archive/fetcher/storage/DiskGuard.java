package mapillary.archive.fetcher.storage;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Keeps the fetcher from filling the shared volume (DESIGN §4 reliability): below {@code min-free-bytes} of usable
 * space (or right after a write failed with "No space left on device") the state is low, callers wait in
 * {@link #awaitSpace} and the listener pauses the task channel; it recovers by itself once space is back.
 */
public final class DiskGuard {

    /** The outcome of the last check; {@code message} says why it is low (for the readiness check). */
    public record Status(boolean ok, long freeBytes, String message) {
    }

    private static final Logger LOG = Logger.getLogger(DiskGuard.class);

    private final Path dataDir;
    private final long minFreeBytes;
    private final Duration interval;
    private final FreeSpace freeSpace;
    private final Consumer<Boolean> onChange;
    private volatile Status status;
    private volatile long fullReportedNanos;
    private volatile boolean fullReported;

    /**
     * @param onChange called with {@code true} when space becomes low, {@code false} when it is back (and on every
     *                 check, so a listener that was not ready yet catches up)
     */
    public DiskGuard(Path dataDir, long minFreeBytes, Duration interval, FreeSpace freeSpace,
                     Consumer<Boolean> onChange) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.minFreeBytes = Math.max(0, minFreeBytes);
        this.interval = interval.isZero() || interval.isNegative() ? Duration.ofSeconds(1) : interval;
        this.freeSpace = freeSpace;
        this.onChange = onChange;
        this.status = new Status(true, -1, "not checked yet");
    }

    public Duration interval() {
        return interval;
    }

    public Status status() {
        return status;
    }

    /** Measures the free space now, updates the status and tells the listener. */
    public synchronized Status check() {
        long free;
        try {
            free = freeSpace.usableBytes(dataDir);
        } catch (Exception e) {
            LOG.warnf("cannot measure the free space of %s: %s", dataDir, e.toString());
            free = -1;
        }
        boolean recentFull = fullReported && System.nanoTime() - fullReportedNanos < interval.toNanos();
        Status next;
        if (recentFull) {
            next = new Status(false, free, "data dir " + dataDir + ": a write failed with no space left on device ("
                    + gb(Math.max(0, free)) + " free)");
        } else if (minFreeBytes > 0 && free >= 0 && free < minFreeBytes) {
            next = new Status(false, free, "data dir " + dataDir + ": " + gb(free) + " free, below the "
                    + gb(minFreeBytes) + " minimum");
        } else {
            fullReported = false;
            next = new Status(true, free, "data dir " + dataDir + ": " + (free < 0 ? "free space unknown" : gb(free)
                    + " free") + (minFreeBytes > 0 ? ", minimum " + gb(minFreeBytes) : ", no minimum"));
        }
        if (next.ok() != status.ok()) {
            if (next.ok()) {
                LOG.infof("disk space is back: %s; taking tasks again", next.message());
            } else {
                LOG.warnf("disk space low: %s; no new tasks until space is back", next.message());
            }
        }
        status = next;
        onChange.accept(!next.ok());
        return next;
    }

    /** A write failed with "No space left on device": low at once, until a check after one interval says otherwise. */
    public void reportFull() {
        fullReportedNanos = System.nanoTime();
        fullReported = true;
        check();
    }

    /** Returns at once when space is fine; otherwise waits (re-checking) until it is. */
    public void awaitSpace() throws InterruptedException {
        while (!status.ok()) {
            Thread.sleep(Math.min(interval.toMillis(), 500));
            if (fullReported && System.nanoTime() - fullReportedNanos >= interval.toNanos()) {
                check();
            }
        }
    }

    /** {@code 0.4 GB}, {@code 1 GB} (binary gigabytes, one decimal). */
    static String gb(long bytes) {
        String s = String.format(Locale.ROOT, "%.1f", bytes / (double) (1L << 30));
        return (s.endsWith(".0") ? s.substring(0, s.length() - 2) : s) + " GB";
    }
}
