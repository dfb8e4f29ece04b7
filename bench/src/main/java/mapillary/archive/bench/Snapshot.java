package mapillary.archive.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of what the harness runs (the services' quarkus-app, testkit's classes and lib, the broker jars),
 * laid out like the project, so a build started meanwhile cannot swap jars under the running processes.
 */
public final class Snapshot {

    static final List<String> DIRS = List.of("harvester/target/quarkus-app", "fetcher/target/quarkus-app",
            "archiver/target/quarkus-app", "harvester/src/main/docker", "fetcher/src/main/docker",
            "archiver/src/main/docker", "testkit/target/classes", "testkit/target/lib",
            "testkit-broker/target/broker-lib");

    private Snapshot() {
    }

    /** Copies {@link #DIRS} from {@code root} to {@code target} and returns {@code target}, the root to run from. */
    public static Path copy(Path root, Path target) {
        for (String dir : DIRS) {
            Path from = root.resolve(dir);
            if (!Files.isDirectory(from)) {
                throw new IllegalStateException(from + " is missing: run ./mvnw -B -DskipTests package first");
            }
            copyTree(from, target.resolve(dir));
        }
        return target;
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from, e);
        }
    }
}
