package mapillary.archive.testkit.kafka;

/**
 * Runs inside the broker's child JVM: starts {@code kafka.Kafka} and exits (cleanly, through Kafka's own shutdown
 * hook) as soon as the JVM that launched it is gone, so even a test JVM killed with SIGKILL leaves no broker behind.
 *
 * <p>Copied as a single class file next to the broker's data; it must not use any other testkit class.
 */
public final class BrokerLauncher {

    /** System property holding the pid of the JVM that owns this broker. */
    static final String PARENT_PID = "testkit.parent.pid";

    private BrokerLauncher() {
    }

    public static void main(String[] args) throws Throwable {
        String parent = System.getProperty(PARENT_PID);
        if (parent != null) {
            ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(
                    handle -> handle.onExit().thenRun(BrokerLauncher::parentGone),
                    BrokerLauncher::parentGone);
        }
        try {
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void parentGone() {
        System.err.println("testkit: the JVM that started this broker is gone, shutting down");
        System.exit(1);
    }
}
