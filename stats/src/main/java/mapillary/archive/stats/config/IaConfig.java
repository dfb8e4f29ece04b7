package mapillary.archive.stats.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the Internet Archive is ({@code ia.url}, env {@code IA_URL}): the scrape search API lives under it. */
@ConfigMapping(prefix = "ia")
public interface IaConfig {

    /** archive.org base URL (metadata and scrape). */
    @WithDefault("https://archive.org")
    String url();
}
