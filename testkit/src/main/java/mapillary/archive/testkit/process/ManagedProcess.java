package mapillary.archive.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM (a packaged service or a testkit main) started for e2e tests, the local run and benchmarks: its output
 * goes to a log file, {@code KEY=VALUE} lines it prints are captured, and it is always stopped with it.
 */
public final class ManagedProcess implements AutoCloseable {

    private static final Pattern ANNOUNCEMENT = Pattern.compile("^([A-Z][A-Z0-9_]+)=(\\S+)$");

    private final String name;
    private final Process process;
    private final Path log;
    private final Map<String, String> announced = new ConcurrentHashMap<>();
    private final CountDownLatch outputClosed = new CountDownLatch(1);

    private ManagedProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Thread.ofVirtual().name(name + "-output").start(this::pumpOutput);
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    /** Starts {@code java <jvmArgs> <args>} with the current JVM's java, the given extra environment, logging to {@code log}. */
    public static ManagedProcess startJava(String name, List<String> jvmArgs, List<String> args, Map<String, String> env,
                                           Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.createDirectories(workDir);
            ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            return new ManagedProcess(name, pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Starts a packaged Quarkus service: {@code java -jar <module>/target/quarkus-app/quarkus-run.jar}. */
    public static ManagedProcess startService(Path projectRoot, String module, Map<String, String> env, Path workDir,
                                              Path logDir) {
        Path jar = projectRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package first");
        }
        return startJava(module, List.of("-Xmx256m", "-XX:+UseSerialGC"), List.of("-jar", jar.toString()), env,
                workDir, logDir.resolve(module + ".log"));
    }

    /** Starts a testkit main class with testkit's jar and its copied dependencies on the class path. */
    public static ManagedProcess startTestkitMain(Path projectRoot, String name, String mainClass, List<String> args,
                                                  Path workDir, Path logDir) {
        Path target = projectRoot.resolve("testkit/target");
        String classpath = target.resolve("classes") + java.io.File.pathSeparator + target.resolve("lib") + "/*";
        List<String> all = new ArrayList<>(List.of("-cp", classpath, mainClass));
        all.addAll(args);
        return startJava(name, List.of("-Xmx512m", "-XX:+UseSerialGC"), all, Map.of(), workDir,
                logDir.resolve(name + ".log"));
    }

    /** Waits until the process has printed {@code KEY=value} and returns the value. */
    public String awaitAnnouncement(String key, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String v = announced.get(key);
            if (v != null) {
                return v;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before announcing "
                        + key + "; log tail:\n" + logTail(40));
            }
            sleep(50);
        }
        throw new IllegalStateException(name + " did not announce " + key + " within " + timeout + "; log tail:\n"
                + logTail(40));
    }

    /** Waits until {@code GET url} answers 200 (e.g. a service's /q/health/ready). */
    public void awaitHttpOk(String url, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        int lastStatus = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log tail:\n"
                        + logTail(60));
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                lastStatus = r.statusCode();
                if (lastStatus == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        throw new IllegalStateException(name + " not ready at " + url + " within " + timeout + " (last status "
                + lastStatus + "); log tail:\n" + logTail(60));
    }

    public Optional<String> announcement(String key) {
        return Optional.ofNullable(announced.get(key));
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the process's log. */
    public String logTail(int lines) {
        try {
            outputClosed.await(200, TimeUnit.MILLISECONDS);
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted)";
        }
    }

    /** SIGKILL, as a crash would (reliability tests). */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /**
     * SIGTERM only (graceful-shutdown tests): waits up to {@code timeout} for the process to exit and returns its exit
     * code, or empty when it is still running (then it is left running; {@link #close} or {@link #kill} ends it).
     */
    public java.util.OptionalInt terminate(Duration timeout) {
        if (process.isAlive()) {
            // through the handle: Process.destroy() would also close our end of its output, losing the shutdown log
            process.toHandle().destroy();
        }
        boolean exited = waitFor(timeout);
        try {
            outputClosed.await(2, TimeUnit.SECONDS); // let the last lines reach the log
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return exited ? java.util.OptionalInt.of(process.exitValue()) : java.util.OptionalInt.empty();
    }

    /** SIGTERM, then SIGKILL after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitFor(Duration.ofSeconds(20))) {
            kill();
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void pumpOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = ANNOUNCEMENT.matcher(line.trim());
                if (m.matches()) {
                    announced.putIfAbsent(m.group(1), m.group(2));
                }
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            outputClosed.countDown();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
