package mapillary.archive.archiver.storage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.archiver.config.ArchiveConfig;

import java.nio.file.Path;

/**
 * The layout of the shared volume: {@code staging/<collection>} while working, {@code output/<collection>} when
 * final, and {@code archiver/journal/} for the archiver's own durable tracking state.
 */
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

    public Path staging(String collection) {
        return root.resolve("staging").resolve(collection);
    }

    public Path output(String collection) {
        return root.resolve("output").resolve(collection);
    }

    /** The archiver's journal directory: one append-only file per collection in progress. */
    public Path journals() {
        return root.resolve("archiver").resolve("journal");
    }

    /** {@code path} relative to the data dir, with {@code /} separators, for events. */
    public String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
