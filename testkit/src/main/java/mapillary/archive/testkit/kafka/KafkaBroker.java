package mapillary.archive.testkit.kafka;

import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A genuine Apache Kafka broker (KRaft, broker and controller in one node) run as a child JVM from the jars that
 * {@code testkit-broker} copies from Maven Central, so tests and local runs need no Docker. Every topic of
 * {@link Topics#PARTITIONS} exists with its partition count once {@link #start()} returns.
 *
 * <p>The broker's directory holds {@code server.properties}, {@code log4j2.xml}, {@code broker.log} (all broker
 * output) and {@code data/} (the log dirs). A JVM shutdown hook stops the broker if the owner never closes it, and the
 * child itself exits when the JVM that started it disappears (even after SIGKILL).
 */
public final class KafkaBroker implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(KafkaBroker.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    private static final String LAUNCHER = BrokerLauncher.class.getName();

    /**
     * How to start a broker.
     *
     * @param workDir      the broker's directory; {@code null}: a new directory under {@code testkit.work.dir} (else
     *                     the temp dir). An existing, already formatted directory is resumed with its data.
     * @param port         the PLAINTEXT port on 127.0.0.1; 0 picks a free one
     * @param heap         the broker JVM's -Xmx, e.g. {@code 256m}
     * @param partitions   partition counts that override or add to {@link Topics#PARTITIONS}
     * @param lib          the broker-lib directory; {@code null}: {@link BrokerClasspath#locate()}
     * @param startTimeout how long to wait for the broker to be ready
     * @param keepData     whether {@link #close()} and the shutdown hook keep the data dir (local runs)
     */
    public record Options(Path workDir, int port, String heap, Map<String, Integer> partitions, Path lib,
                          Duration startTimeout, boolean keepData) {

        public Options {
            partitions = Map.copyOf(partitions);
            Objects.requireNonNull(heap, "heap");
            Objects.requireNonNull(startTimeout, "startTimeout");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }

        /** A free port, a fresh directory, 256 MB heap, our topics as defined in {@link Topics}. */
        public static Options defaults() {
            return new Options(null, 0, "256m", Map.of(), null, Duration.ofSeconds(90), false);
        }

        public Options withWorkDir(Path dir) {
            return new Options(dir, port, heap, partitions, lib, startTimeout, keepData);
        }

        public Options withPort(int p) {
            return new Options(workDir, p, heap, partitions, lib, startTimeout, keepData);
        }

        public Options withHeap(String h) {
            return new Options(workDir, port, h, partitions, lib, startTimeout, keepData);
        }

        /** Overrides (or adds) the partition count of one topic. */
        public Options withPartitions(String topic, int count) {
            Map<String, Integer> p = new LinkedHashMap<>(partitions);
            p.put(topic, count);
            return new Options(workDir, port, heap, p, lib, startTimeout, keepData);
        }

        public Options withLib(Path dir) {
            return new Options(workDir, port, heap, partitions, dir, startTimeout, keepData);
        }

        public Options withStartTimeout(Duration timeout) {
            return new Options(workDir, port, heap, partitions, lib, timeout, keepData);
        }

        public Options withKeepData(boolean keep) {
            return new Options(workDir, port, heap, partitions, lib, startTimeout, keep);
        }

        /** {@link Topics#PARTITIONS} with this options' overrides applied. */
        public Map<String, Integer> topics() {
            Map<String, Integer> all = new LinkedHashMap<>(Topics.PARTITIONS);
            all.putAll(partitions);
            return all;
        }
    }

    private final Options options;
    private final Path dir;
    private final Path dataDir;
    private final Path lib;
    private final int port;
    private final int controllerPort;
    private final boolean deleteDirOnClose;
    private final Thread shutdownHook;
    private Path launcherJar;
    private Process process;
    private ClassDataSharing processCds;
    private boolean closed;
    private Duration lastStartTime = Duration.ZERO;
    private long formatMillis;

    private KafkaBroker(Options options, Path dir, boolean deleteDirOnClose, Path lib, int port, int controllerPort) {
        this.options = options;
        this.deleteDirOnClose = deleteDirOnClose;
        this.dir = dir;
        this.dataDir = dir.resolve("data");
        this.lib = lib;
        this.port = port;
        this.controllerPort = controllerPort;
        this.shutdownHook = new Thread(this::onJvmExit, "testkit-kafka-broker-shutdown");
    }

    /** Starts a broker on a free port with every topic of {@link Topics#PARTITIONS}. */
    public static KafkaBroker start() {
        return start(Options.defaults());
    }

    /** Starts a broker as {@code options} say and returns once it serves all topics. */
    public static KafkaBroker start(Options options) {
        long t0 = System.nanoTime();
        Path lib = options.lib() != null ? BrokerClasspath.require(options.lib(), "Options.lib")
                : BrokerClasspath.locate();
        Path dir = options.workDir() != null ? options.workDir().toAbsolutePath().normalize() : newWorkDir();
        int[] ports = ports(options.port());
        // a directory of our own in the temp dir goes entirely; under testkit.work.dir its logs stay for debugging
        boolean deleteDir = options.workDir() == null && blank(System.getProperty("testkit.work.dir"));
        KafkaBroker broker = new KafkaBroker(options, dir, deleteDir, lib, ports[0], ports[1]);
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        try {
            broker.prepare();
            broker.launch(t0);
            return broker;
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's log dirs ({@code log.dirs}). */
    public Path dataDir() {
        return dataDir;
    }

    /** The broker's directory: server.properties, broker.log and data/. */
    public Path dir() {
        return dir;
    }

    /** Everything the broker process printed. */
    public Path logFile() {
        return dir.resolve("broker.log");
    }

    /** The partition count of every topic this broker was started with. */
    public Map<String, Integer> topics() {
        return options.topics();
    }

    /** How long the last start or restart took until all topics were served. */
    public Duration startTime() {
        return lastStartTime;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** The broker process's pid, or -1 when it is not running. */
    public synchronized long pid() {
        return isAlive() ? process.pid() : -1;
    }

    /** Stops the broker process (SIGTERM, then SIGKILL after 20 s) and keeps its data for {@link #restart()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Process p = process;
        process = null;
        processCds.afterExit(terminate(p, STOP_TIMEOUT));
        LOG.log(Level.INFO, "Kafka broker " + bootstrapServers() + " stopped");
    }

    /** Stops the broker if it runs and starts it again on the same ports with the same data. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("broker is closed");
        }
        stop();
        launch(System.nanoTime());
    }

    /** Stops the broker and deletes its data dir (unless {@link Options#keepData()}). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        deleteData();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is already shutting down
        }
    }

    @Override
    public String toString() {
        return "KafkaBroker[" + bootstrapServers() + ", " + dir + "]";
    }

    private void onJvmExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (process != null) {
                processCds.afterExit(terminate(process, STOP_TIMEOUT));
                process = null;
            }
            deleteData();
        }
    }

    private void deleteData() {
        if (!options.keepData()) {
            deleteRecursively(deleteDirOnClose ? dir : dataDir);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private void prepare() {
        try {
            Files.createDirectories(dir);
            Files.createDirectories(dataDir);
            ServerProperties.write(dir.resolve("server.properties"),
                    ServerProperties.of(port, controllerPort, dataDir));
            copyResource("/testkit/kafka/log4j2.xml", dir.resolve("log4j2.xml"));
            launcherJar = ClassDataSharing.launcherJar(lib, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Kafka broker directory " + dir, e);
        }
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format();
        }
    }

    /** {@code kafka.tools.StorageTool format}: writes meta.properties and the bootstrap metadata. */
    private void format() {
        long t0 = System.nanoTime();
        Path out = dir.resolve("format.log");
        ClassDataSharing cds = ClassDataSharing.of(lib, launcherJar, "format");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        cmd.addAll(cds.jvmOptions());
        cmd.addAll(List.of("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"), "-cp", classpath(),
                "kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", dir.resolve("server.properties").toString()));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                cds.afterExit(false);
                throw new IllegalStateException("Kafka StorageTool format timed out:\n" + tail(out, 40));
            }
            cds.afterExit(p.exitValue() == 0);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Kafka StorageTool format failed with exit code " + p.exitValue()
                        + ":\n" + tail(out, 40));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run Kafka StorageTool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
        formatMillis = millisSince(t0);
    }

    private synchronized void launch(long t0) {
        long launched = System.nanoTime();
        long portMillis = 0;
        requireFree(port);
        requireFree(controllerPort);
        processCds = ClassDataSharing.of(lib, launcherJar, "broker");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + options.heap(), "-XX:+UseSerialGC"));
        cmd.addAll(processCds.jvmOptions());
        cmd.addAll(List.of("-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.xml"),
                "-D" + BrokerLauncher.PARENT_PID + "=" + ProcessHandle.current().pid(),
                "-cp", classpath() + java.io.File.pathSeparator + launcherJar,
                LAUNCHER, dir.resolve("server.properties").toString()));
        try {
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker JVM", e);
        }
        long deadline = t0 + options.startTimeout().toNanos();
        // the admin client loads its classes while the broker JVM boots (both take about a second)
        CompletableFuture<Admin> admin = CompletableFuture.supplyAsync(() -> TopicSetup.admin(bootstrapServers()),
                runnable -> Thread.ofVirtual().name("testkit-kafka-admin").start(runnable));
        try {
            awaitPort(deadline);
            portMillis = millisSince(launched);
            Process p = process;
            TopicSetup.ensureTopics(admin.join(), options.topics(), deadline, p::isAlive);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Process p = process;
            process = null;
            String state = p.isAlive() ? "did not become ready within " + options.startTimeout()
                    : "exited with code " + exitCode(p);
            if (p.isAlive()) {
                terminate(p, Duration.ofSeconds(5));
            }
            processCds.afterExit(false);
            throw new IllegalStateException("Kafka broker " + bootstrapServers() + " " + state + " (" + e.getMessage()
                    + "); tail of " + logFile() + ":\n" + tail(logFile(), 40), e);
        } finally {
            admin.thenAccept(a -> a.close(Duration.ofSeconds(5)));
        }
        lastStartTime = Duration.ofNanos(System.nanoTime() - t0);
        LOG.log(Level.INFO, "Kafka broker " + bootstrapServers() + " ready in " + lastStartTime.toMillis()
                + " ms (format " + formatMillis + " ms, port open after " + portMillis + " ms, topics "
                + millisSince(launched) + " ms after launch; pid " + process.pid() + ", dir " + dir + ")");
        formatMillis = 0;
    }

    private void awaitPort(long deadlineNanos) throws InterruptedException {
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker process exited");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("port " + port + " does not answer");
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, then SIGKILL after {@code timeout}; true if the process ended on its own. */
    private static boolean terminate(Process p, Duration timeout) {
        p.destroy();
        try {
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            LOG.log(Level.WARNING, "Kafka broker (pid " + p.pid() + ") did not stop within " + timeout
                    + ", killing it");
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private String classpath() {
        return lib.resolve("*").toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-'. */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static Path newWorkDir() {
        String configured = System.getProperty("testkit.work.dir");
        try {
            Path base = !blank(configured) ? Path.of(configured)
                    : Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base.toAbsolutePath(), "kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a directory for the Kafka broker", e);
        }
    }

    /** Two distinct free loopback ports: PLAINTEXT ({@code fixed} unless 0) and CONTROLLER. */
    private static int[] ports(int fixed) {
        try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             ServerSocket b = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int plain = fixed != 0 ? fixed : a.getLocalPort();
            int controller = b.getLocalPort() != plain ? b.getLocalPort() : a.getLocalPort();
            return new int[] {plain, controller};
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static void requireFree(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("port 127.0.0.1:" + port + " is already in use", e);
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = KafkaBroker.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing classpath resource " + resource);
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String exitCode(Process p) {
        try {
            return Integer.toString(p.exitValue());
        } catch (IllegalThreadStateException e) {
            return "?";
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                    if (exc instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw exc;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not delete " + root + ": " + e);
        }
    }
}
