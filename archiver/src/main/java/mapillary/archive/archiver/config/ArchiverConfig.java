package mapillary.archive.archiver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The archiver's own settings: the version it stamps into IA metadata and the WebP decoder it uses. */
@ConfigMapping(prefix = "archiver")
public interface ArchiverConfig {

    /** Our build's version: the {@code mapillary_downloader} IA tag and the first {@code scanner} value. */
    @WithDefault("${quarkus.application.version:0.1.0}")
    String version();

    /** The {@code dwebp} binary used to decode a WebP image for the thumbnail. */
    @WithDefault("dwebp")
    String dwebp();

    /** Bytes an IA item may hold; later dates continue in {@code <collection>-2}, {@code -3}, ... (500 GB). */
    @WithDefault("500000000000")
    long itemCap();

    /** Wall-clock time between two progress snapshots of a harvest ({@code ARCHIVER_PROGRESS_INTERVAL}). */
    @WithDefault("1s")
    Duration progressInterval();

    /** IA upload tuning. */
    Upload upload();

    /** How uploads retry (IA asks for 30 s pauses on 503 SlowDown) and whether they start before finalisation. */
    interface Upload {

        /** Wait after a 503 SlowDown or a 5xx before retrying (doubling, capped at 10x). */
        @WithDefault("30s")
        Duration retryDelay();

        /** Attempts per file before the upload is reported failed. */
        @WithDefault("8")
        int maxAttempts();

        /**
         * Upload each date's tar to its IA item as soon as it is made ({@code ARCHIVER_UPLOAD_INCREMENTAL}), the rest
         * at finalisation. Off by default: it creates a partial, public item before the harvest has finished, which
         * a cancelled harvest leaves behind and which the harvester's IA check then takes for a finished one.
         */
        @WithDefault("false")
        boolean incremental();
    }
}
