package mapillary.archive.testkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Finds the directory of Kafka broker jars that the {@code testkit-broker} module copies from Maven Central. */
public final class BrokerClasspath {

    /** System property naming the broker-lib directory (set by surefire/failsafe for every module). */
    public static final String PROPERTY = "testkit.kafka.lib";
    /** Environment variable naming the broker-lib directory. */
    public static final String ENV = "TESTKIT_KAFKA_LIB";

    static final String RELATIVE = "testkit-broker/target/broker-lib";

    private BrokerClasspath() {
    }

    /**
     * The broker-lib directory: {@code -Dtestkit.kafka.lib}, else {@code $TESTKIT_KAFKA_LIB}, else
     * {@code testkit-broker/target/broker-lib} in user.dir or one of its parents.
     *
     * @throws IllegalStateException with the command that builds it when none holds the broker jars
     */
    public static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return require(Path.of(configured), "-D" + PROPERTY);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return require(Path.of(env), "$" + ENV);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (holdsBroker(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Kafka broker jars not found: no " + RELATIVE + " in "
                + System.getProperty("user.dir") + " or its parents, and neither -D" + PROPERTY + " nor $" + ENV
                + " is set; run ./mvnw -pl testkit-broker package");
    }

    /** Checks that {@code dir} holds the broker jars. */
    public static Path require(Path dir, String source) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!holdsBroker(abs)) {
            throw new IllegalStateException("Kafka broker jars not found in " + abs + " (from " + source
                    + "); run ./mvnw -pl testkit-broker package");
        }
        return abs;
    }

    static boolean holdsBroker(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
