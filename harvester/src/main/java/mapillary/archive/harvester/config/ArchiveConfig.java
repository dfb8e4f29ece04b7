package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Where the shared volume is ({@code ARCHIVE_DATA_DIR}): staging and output collections live under it. */
@ConfigMapping(prefix = "archive")
public interface ArchiveConfig {

    /** The shared data directory holding {@code staging/} and {@code output/}. */
    @WithDefault("./mapillary-data")
    Path dataDir();
}
