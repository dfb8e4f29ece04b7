package mapillary.archive.stats.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tuning of the IA search (spec §12: 10,000 per page, 3 attempts waiting 1 s then 2 s, 60 s timeout). */
@ConfigMapping(prefix = "stats")
public interface StatsConfig {

    /** Scrape API settings. */
    Scrape scrape();

    /** Uploader lookups of items outside {@code mapillary-images}. */
    Uploader uploader();

    /** When to refresh on its own. */
    Refresh refresh();

    /** Uploader lookup: {@code GET <ia.url>/metadata/<id>/metadata/uploader}, 2 attempts, 1 s wait, 60 s timeout. */
    interface Uploader {

        /** Attempts per lookup, including the first. */
        @WithDefault("2")
        int attempts();

        /** Wait before the second attempt. */
        @WithDefault("PT1S")
        Duration retryBase();

        /** Timeout of one request. */
        @WithDefault("PT60S")
        Duration timeout();
    }

    /** The scheduled refresh. */
    interface Refresh {

        /** Interval between scheduled refreshes ({@code 1h}, {@code 30m}, ...); {@code off} disables them. */
        @WithDefault("1h")
        String every();

        /** Delay of the first scheduled refresh after start. */
        @WithDefault("0s")
        String initialDelay();
    }

    /** The scrape request's parameters and retry policy. */
    interface Scrape {

        /** The search query: every item our tool (and the original) marks with this custom field. */
        @WithDefault("mapillary_downloader:*")
        String query();

        /** Items per page (IA allows 100 to 10,000). */
        @WithDefault("10000")
        int count();

        /** Attempts per page, including the first. */
        @WithDefault("3")
        int attempts();

        /** Wait before the second attempt; doubles after each failure. */
        @WithDefault("PT1S")
        Duration retryBase();

        /** Timeout of one request. */
        @WithDefault("PT60S")
        Duration timeout();
    }
}
