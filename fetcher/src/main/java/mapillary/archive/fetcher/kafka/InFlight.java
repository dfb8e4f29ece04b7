package mapillary.archive.fetcher.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.fetcher.config.FetcherConfig;

/** Bounds the images processed at once by this fetcher with an {@link AdaptiveLimit} (or a fixed one). */
@ApplicationScoped
public class InFlight {

    private final AdaptiveLimit limit;

    public InFlight(FetcherConfig config) {
        int max = Math.max(1, config.maxInFlight());
        FetcherConfig.Adaptive a = config.adaptive();
        this.limit = new AdaptiveLimit(a.enabled()
                ? new AdaptiveLimit.Settings(Math.min(max, a.min()), max, a.initial(), a.window())
                : new AdaptiveLimit.Settings(max, max, max, a.window()));
    }

    /** Waits for a free slot; finish the slot when the image is done. */
    public Slot enter() throws InterruptedException {
        limit.acquire();
        return new Slot();
    }

    /** Images in flight right now. */
    public int current() {
        return limit.inFlight();
    }

    /** The current in-flight limit. */
    public int limit() {
        return limit.limit();
    }

    /** A taken slot: {@link #done} once, or {@link #close} abandons it. */
    public final class Slot implements AutoCloseable {

        private boolean released;

        /** The image finished; {@code troubled} when its download needed retries or failed. */
        public void done(boolean troubled) {
            if (!released) {
                released = true;
                limit.release(troubled);
            }
        }

        @Override
        public void close() {
            if (!released) {
                released = true;
                limit.abandon();
            }
        }
    }
}
