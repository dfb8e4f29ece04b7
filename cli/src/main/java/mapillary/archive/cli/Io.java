package mapillary.archive.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where a command writes (out, err), the environment it reads, and how it waits; replaceable in tests. */
public record Io(PrintStream out, PrintStream err, Map<String, String> env, Sleeper sleeper) {

    /** Waits between polls. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    public static Io system() {
        return new Io(System.out, System.err, System.getenv(), d -> Thread.sleep(d.toMillis()));
    }

    public Optional<String> env(String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }
}
