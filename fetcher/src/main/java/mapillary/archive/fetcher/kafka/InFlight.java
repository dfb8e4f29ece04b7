package mapillary.archive.fetcher.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.fetcher.config.FetcherConfig;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the images processed at once by this fetcher with an {@link AdaptiveLimit} (or a fixed one), and on
 * shutdown lets them finish for a grace period, then interrupts the rest so they end cleanly (unacknowledged).
 */
@ApplicationScoped
public class InFlight {

    private static final Logger LOG = Logger.getLogger(InFlight.class);

    private final AdaptiveLimit limit;
    /** Threads inside {@link #enter} or holding a slot: the ones to interrupt when the grace period is over. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    public InFlight(FetcherConfig config) {
        int max = Math.max(1, config.maxInFlight());
        FetcherConfig.Adaptive a = config.adaptive();
        this.limit = new AdaptiveLimit(a.enabled()
                ? new AdaptiveLimit.Settings(Math.min(max, a.min()), max, a.initial(), a.window())
                : new AdaptiveLimit.Settings(max, max, max, a.window()));
    }

    /**
     * Waits for a free slot; finish the slot when the image is done.
     *
     * @throws InterruptedException when the fetcher is shutting down: the task must be left unacknowledged
     */
    public Slot enter() throws InterruptedException {
        Thread me = Thread.currentThread();
        threads.add(me);
        try {
            if (closing) {
                throw new InterruptedException("shutting down");
            }
            limit.acquire();
        } catch (InterruptedException | RuntimeException e) {
            threads.remove(me);
            throw e;
        }
        Slot slot = new Slot(me);
        if (closing) {
            slot.close();
            throw new InterruptedException("shutting down");
        }
        return slot;
    }

    /** Images in flight right now. */
    public int current() {
        return limit.inFlight();
    }

    /** The current in-flight limit. */
    public int limit() {
        return limit.limit();
    }

    /** True once {@link #drain} started: no new image is taken. */
    public boolean closing() {
        return closing;
    }

    /**
     * Takes no new image, waits up to {@code grace} for those in flight, then interrupts the rest and waits a little
     * for them to clean up.
     *
     * @return the number of images abandoned
     */
    public int drain(Duration grace) {
        closing = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!threads.isEmpty() && System.nanoTime() < deadline) {
            if (!pause(50)) {
                break;
            }
        }
        int abandoned = threads.size();
        if (abandoned > 0) {
            LOG.infof("shutdown: abandoning %d image(s) still in flight after %d ms; they will be redelivered",
                    abandoned, grace.toMillis());
            threads.forEach(Thread::interrupt);
            long cleanup = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!threads.isEmpty() && System.nanoTime() < cleanup) {
                if (!pause(20)) {
                    break;
                }
            }
        }
        return abandoned;
    }

    private static boolean pause(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A taken slot: {@link #done} once, or {@link #close} abandons it. */
    public final class Slot implements AutoCloseable {

        private final Thread thread;
        private boolean released;

        private Slot(Thread thread) {
            this.thread = thread;
        }

        /** The image finished; {@code troubled} when its download needed retries or failed. */
        public void done(boolean troubled) {
            if (!released) {
                released = true;
                limit.release(troubled);
                threads.remove(thread);
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                limit.abandon();
                threads.remove(thread);
            }
        }
    }
}
