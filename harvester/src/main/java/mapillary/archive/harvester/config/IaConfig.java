package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Where archive.org is ({@code IA_URL}), for the "already archived?" check before a harvest, and whether the
 * archiver uploads ({@code IA_ACCESS_KEY} and {@code IA_SECRET_KEY} set, the same env the archiver reads).
 */
@ConfigMapping(prefix = "ia")
public interface IaConfig {

    /** archive.org base URL. */
    @WithDefault("https://archive.org")
    String url();

    /** Timeout of the metadata request (the original's 10 s, no retries). */
    @WithDefault("10s")
    Duration checkTimeout();

    /** IA-S3 access key (secret, never logged); only its presence matters here. */
    Optional<String> accessKey();

    /** IA-S3 secret key (secret, never logged); only its presence matters here. */
    Optional<String> secretKey();

    /** True when both keys are set: finalised collections are uploaded, so a harvest ends at UPLOADED. */
    default boolean uploads() {
        return accessKey().filter(k -> !k.isBlank()).isPresent() && secretKey().filter(k -> !k.isBlank()).isPresent();
    }
}
