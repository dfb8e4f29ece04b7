package mapillary.archive.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** The Mapillary Graph API, used only to refresh expired CDN URLs ({@code MAPILLARY_API_URL}, {@code MAPILLARY_TOKEN}). */
@ConfigMapping(prefix = "mapillary")
public interface MapillaryConfig {

    /** Client token; a secret: never logged. Without it expired URLs cannot be refreshed. */
    Optional<String> token();

    @WithDefault("https://graph.mapillary.com")
    String apiUrl();
}
