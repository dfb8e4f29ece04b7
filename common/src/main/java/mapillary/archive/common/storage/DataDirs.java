package mapillary.archive.common.storage;

import mapillary.archive.common.io.PathComponents;

import java.nio.file.Path;

/**
 * The layout of the shared volume ({@code ARCHIVE_DATA_DIR}), so every service resolves it the same way:
 * {@code staging/<collection>} while working, {@code output/<collection>} when final, {@code <service>/} for a
 * service's own durable state. Collection and service names must be single safe path components.
 */
public final class DataDirs {

    /** The data directory when {@code ARCHIVE_DATA_DIR} is not set. */
    public static final String DEFAULT = "./mapillary-data";

    private final Path root;

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

    /** The staging dir of a collection; throws {@link IllegalArgumentException} for a name that is no safe path component. */
    public Path staging(String collection) {
        return stagingRoot().resolve(PathComponents.requireSafe("collection", collection));
    }

    /** The final dir of a collection; throws {@link IllegalArgumentException} for a name that is no safe path component. */
    public Path output(String collection) {
        return outputRoot().resolve(PathComponents.requireSafe("collection", collection));
    }

    /** The directory for a service's own durable state, e.g. {@code archiver/}. */
    public Path serviceDir(String service) {
        return root.resolve(PathComponents.requireSafe("service", service));
    }

    /** {@code path} relative to the data dir, with {@code /} separators, for events. */
    public String relative(Path path) {
        return root.relativize(path.toAbsolutePath().normalize()).toString().replace('\\', '/');
    }
}
