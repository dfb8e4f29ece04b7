package mapillary.archive.stats.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;

/** The shared data volume ({@code archive.data-dir}, env {@code ARCHIVE_DATA_DIR}); stats keeps its cache under it. */
@ConfigMapping(prefix = "archive")
public interface ArchiveConfig {

    @WithName("data-dir")
    @WithDefault("./mapillary-data")
    Path dataDir();
}
