package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Settings of the harvest API itself: the optional bearer key and how often progress is saved and streamed. */
@ConfigMapping(prefix = "harvester")
public interface HarvesterConfig {

    /** Bearer key ({@code HARVESTER_API_KEY}); when set every call needs {@code Authorization: Bearer <key>}. */
    Optional<String> apiKey();

    /** How often changed progress is written to {@code harvest.json} and pushed to SSE clients. */
    @WithDefault("1s")
    Duration progressInterval();
}
