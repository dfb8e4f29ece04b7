package mapillary.archive.testkit.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * The one broker shared by all tests of a JVM: started on first use, stopped (and its data deleted) by the broker's
 * JVM shutdown hook. Its address is also published as the system property {@value #PROPERTY}, so that test resources
 * loaded by another class loader (Quarkus restarts its class loaders between test profiles) reuse the same broker.
 */
public final class SharedKafkaBroker {

    /** System property with the shared broker's bootstrap servers once it runs. */
    public static final String PROPERTY = "testkit.kafka.shared.bootstrap";

    /** A JVM-wide lock (string literals are interned across class loaders). */
    private static final Object LOCK = "mapillary.archive.testkit.kafka.SharedKafkaBroker.lock";

    private static KafkaBroker broker;

    private SharedKafkaBroker() {
    }

    /** The shared broker of this class loader, started if needed. */
    public static KafkaBroker get() {
        synchronized (LOCK) {
            if (broker == null || !broker.isAlive()) {
                if (broker != null) {
                    broker.close();
                }
                broker = KafkaBroker.start();
                System.setProperty(PROPERTY, broker.bootstrapServers());
            }
            return broker;
        }
    }

    /** The shared broker's bootstrap servers, reusing a broker started by any class loader of this JVM. */
    public static String bootstrapServers() {
        synchronized (LOCK) {
            String published = System.getProperty(PROPERTY);
            if (published != null && answers(published)) {
                return published;
            }
            return get().bootstrapServers();
        }
    }

    private static boolean answers(String bootstrap) {
        int colon = bootstrap.lastIndexOf(':');
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(bootstrap.substring(0, colon),
                    Integer.parseInt(bootstrap.substring(colon + 1))), 1000);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
