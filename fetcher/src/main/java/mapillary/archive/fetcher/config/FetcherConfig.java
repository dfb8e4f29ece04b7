package mapillary.archive.fetcher.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.OptionalInt;

/** The fetcher's own tuning knobs: concurrency, download retries and WebP conversion. */
@ConfigMapping(prefix = "fetcher")
public interface FetcherConfig {

    /** Upper bound of images processed at once by one fetcher (virtual threads). */
    @WithDefault("256")
    int maxInFlight();

    /**
     * Largest image body accepted from the CDN ({@code FETCHER_MAX_IMAGE_BYTES}); a larger one (by Content-Length or
     * counted while streaming) fails at once with reason {@code too-large}, without retries.
     */
    @WithDefault("64M")
    MemorySize maxImageBytes();

    /**
     * Free space the data dir must keep ({@code FETCHER_MIN_FREE_BYTES}); below it the fetcher stops taking tasks
     * and is not ready until space is back. 0 disables the guard.
     */
    @WithDefault("1G")
    MemorySize minFreeBytes();

    /** How often the free space of the data dir is checked ({@code FETCHER_DISK_CHECK_INTERVAL}). */
    @WithDefault("5s")
    Duration diskCheckInterval();

    /**
     * On SIGTERM: how long images in flight may finish before they are abandoned (interrupted, temp files removed,
     * not acknowledged: redelivered later) ({@code FETCHER_SHUTDOWN_GRACE}).
     */
    @WithDefault("10s")
    Duration shutdownGrace();

    Download download();

    Adaptive adaptive();

    Webp webp();

    /** How images are downloaded from the CDN. */
    interface Download {

        /** Total attempts per image, including the first. */
        @WithDefault("5")
        int attempts();

        /** Wait before the second attempt; doubles each time (with jitter). */
        @WithDefault("500ms")
        Duration backoffBase();

        /** Longest single wait between attempts (also caps a server's Retry-After). */
        @WithDefault("30s")
        Duration backoffCap();

        @WithDefault("10s")
        Duration connectTimeout();

        /** Time allowed for one whole request (headers and body). */
        @WithDefault("60s")
        Duration requestTimeout();

        /** How often an expired CDN URL may be refreshed through the API for one image. */
        @WithDefault("2")
        int maxUrlRefreshes();

        /** API calls per second allowed for URL refreshes, per fetcher. */
        @WithDefault("10")
        double refreshesPerSecond();
    }

    /** The adaptive in-flight limit (DESIGN §3): grows while throughput grows, backs off on errors. */
    interface Adaptive {

        /** False: always {@code max-in-flight}. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("8")
        int min();

        @WithDefault("64")
        int initial();

        /** How often the limit is reconsidered. */
        @WithDefault("2s")
        java.time.Duration window();
    }

    /** How JPEGs are converted to WebP. */
    interface Webp {

        /** The cwebp executable: a name looked up on PATH, or an absolute path. */
        @WithDefault("cwebp")
        String cwebp();

        /** cwebp processes run at once; default: the number of CPUs. */
        OptionalInt maxConcurrency();
    }
}
