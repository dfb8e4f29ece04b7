package mapillary.archive.testkit.kafka;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs the testkit Kafka broker on its own for local runs, e2e tests and benchmarks. Prints
 * {@code KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:<port>} once every topic exists, and stops the broker on SIGTERM/Ctrl-C.
 *
 * <pre>
 * java -cp "testkit/target/testkit-0.1.0-SNAPSHOT.jar:testkit/target/lib/*" \
 *     mapillary.archive.testkit.kafka.KafkaBrokerMain [--port 9092] [--data-dir DIR [--clean]] [--lib DIR] [--heap 256m]
 * </pre>
 * With {@code --data-dir} the broker's data is kept, so a rerun resumes it ({@code --clean} wipes it first); without,
 * a fresh directory is used and deleted on exit.
 */
public final class KafkaBrokerMain {

    private static final String USAGE = "usage: KafkaBrokerMain [--port 9092] [--data-dir DIR] [--clean] [--lib DIR]"
            + " [--heap 256m]";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaBroker.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        KafkaBroker broker;
        try {
            broker = KafkaBroker.start(options);
        } catch (RuntimeException e) {
            System.err.println("Kafka broker failed to start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.out.println("Kafka broker stopped");
        }, "kafka-broker-main-shutdown"));
        System.out.printf(Locale.ROOT, "Kafka broker ready in %d ms, directory %s%n", broker.startTime().toMillis(),
                broker.dir());
        System.out.println("KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers());
        System.out.flush();
        while (broker.isAlive()) {
            Thread.sleep(500);
        }
        System.err.println("Kafka broker exited unexpectedly; tail of " + broker.logFile() + ":\n"
                + KafkaBroker.tail(broker.logFile(), 40));
        System.exit(1);
    }

    static KafkaBroker.Options parse(String[] args) {
        KafkaBroker.Options options = KafkaBroker.Options.defaults().withPort(9092);
        Path dataDir = null;
        boolean clean = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> options = options.withPort(parsePort(value(args, ++i, arg)));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--lib" -> options = options.withLib(Path.of(value(args, ++i, arg)));
                case "--heap" -> options = options.withHeap(value(args, ++i, arg));
                case "--clean" -> clean = true;
                case "-h", "--help" -> throw new IllegalArgumentException("Runs a Kafka broker (KRaft) for local use.");
                default -> throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        if (dataDir != null) {
            if (clean) {
                KafkaBroker.deleteRecursively(dataDir.toAbsolutePath());
            }
            options = options.withWorkDir(dataDir).withKeepData(true);
        }
        return options;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String s) {
        try {
            int port = Integer.parseInt(s);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number from 0 to 65535: " + s);
        }
    }
}
