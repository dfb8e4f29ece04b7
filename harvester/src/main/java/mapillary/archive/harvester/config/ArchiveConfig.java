package mapillary.archive.harvester.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import mapillary.archive.common.storage.DataDirs;

import java.nio.file.Path;

/** Where the shared volume is ({@code ARCHIVE_DATA_DIR}); {@link DataDirsProducer} turns it into a {@link DataDirs}. */
@ConfigMapping(prefix = "archive")
public interface ArchiveConfig {

    @WithDefault(DataDirs.DEFAULT)
    Path dataDir();
}
