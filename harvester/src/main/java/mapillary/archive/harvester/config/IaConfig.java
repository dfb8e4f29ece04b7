package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Where archive.org is ({@code IA_URL}), for the "already archived?" check before a harvest. Whether a harvest ends
 * with an upload is the archiver's word (its FINALISED event), so the harvester needs no IA keys.
 */
@ConfigMapping(prefix = "ia")
public interface IaConfig {

    /** archive.org base URL. */
    @WithDefault("https://archive.org")
    String url();

    /** Timeout of the metadata request (the original's 10 s, no retries). */
    @WithDefault("10s")
    Duration checkTimeout();
}
