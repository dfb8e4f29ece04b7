package mapillary.archive.harvester.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.harvester.config.ArchiveConfig;

import java.nio.file.Path;

/** The layout of the shared volume: {@code staging/<collection>} while working, {@code output/<collection>} when final. */
@ApplicationScoped
public class DataDirs {

    private final Path root;

    @Inject
    public DataDirs(ArchiveConfig config) {
        this(config.dataDir());
    }

    public DataDirs(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path stagingRoot() {
        return root.resolve("staging");
    }

    public Path outputRoot() {
        return root.resolve("output");
    }

    /** The staging dir of a (validated) collection name. */
    public Path staging(String collection) {
        return stagingRoot().resolve(collection);
    }

    /** The final dir of a (validated) collection name. */
    public Path output(String collection) {
        return outputRoot().resolve(collection);
    }
}
