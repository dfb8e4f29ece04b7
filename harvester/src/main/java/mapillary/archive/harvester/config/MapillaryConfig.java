package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How to reach the Mapillary Graph API: base URL, the (secret) client token, paging, retries and pacing. */
@ConfigMapping(prefix = "mapillary")
public interface MapillaryConfig {

    /** The client token ({@code MAPILLARY_TOKEN}); without it harvests answer 503. Never logged. */
    Optional<String> token();

    /** Graph API base ({@code MAPILLARY_API_URL}). */
    @WithDefault("https://graph.mapillary.com")
    String apiUrl();

    /** Records per listing page (the API's maximum is 2000). */
    @WithDefault("2000")
    int pageSize();

    /** Timeout of one API request. */
    @WithDefault("60s")
    Duration timeout();

    /** Attempts per page for 5xx, timeouts and connection errors (the original's 10). */
    @WithDefault("10")
    int maxAttempts();

    /** Wait before the second attempt; doubles per attempt with jitter (tests shrink it). */
    @WithDefault("1s")
    Duration backoffBase();

    /** Longest single backoff wait. */
    @WithDefault("256s")
    Duration backoffCap();

    /** How many 429 answers in a row one page may get before the harvest fails. */
    @WithDefault("100")
    int maxThrottled();

    /** Client-side limit on API requests per minute (Mapillary's search budget is 10,000/min per app). */
    @WithDefault("1000")
    int requestsPerMinute();
}
