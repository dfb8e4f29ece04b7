package mapillary.archive.fetcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Where the shared archive volume is mounted ({@code ARCHIVE_DATA_DIR}). */
@ConfigMapping(prefix = "archive")
public interface ArchiveConfig {

    @WithDefault("./mapillary-data")
    Path dataDir();

    /** {@code <data-dir>/staging}: collections being harvested. */
    default Path stagingDir() {
        return dataDir().resolve("staging");
    }
}
