package mapillary.archive.archiver.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import mapillary.archive.common.storage.DataDirs;

/** Makes the shared volume's layout injectable, rooted at {@code archive.data-dir}. */
@Singleton
public class DataDirsProducer {

    @Produces
    @Singleton
    DataDirs dataDirs(ArchiveConfig config) {
        return new DataDirs(config.dataDir());
    }
}
