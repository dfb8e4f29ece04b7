package mapillary.archive.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs {@code scripts/run-local.sh} (and the CLI) as separate processes on free ports, for the local-run ITs. */
final class LocalRun {

    final Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    final Path work;
    final Path data;
    final Path out;
    final int base = freeBase();
    final int kafkaPort = Pipeline.freePort();
    Process process;

    LocalRun(String name) throws IOException {
        work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work")).toAbsolutePath()
                .resolve(name + "-" + System.currentTimeMillis());
        data = work.resolve("data");
        out = work.resolve("run-local.out");
        Files.createDirectories(work);
    }

    /** Starts the script with these arguments (and {@code --output <data>}), output into {@link #out}. */
    Process start(Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/run-local.sh").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--output", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("KAFKA_PORT", Integer.toString(kafkaPort));
        pb.environment().put("LOCAL_PORT_BASE", Integer.toString(base));
        pb.environment().remove("ARCHIVE_DATA_DIR");
        pb.environment().remove("HARVESTER_API_KEY");
        pb.environment().putAll(env);
        process = pb.start();
        return process;
    }

    String output() throws IOException {
        return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
    }

    /** Waits until the script's output contains {@code text} (or the script ends). */
    boolean awaitOutput(String text, long timeout, TimeUnit unit) throws Exception {
        long end = System.nanoTime() + unit.toNanos(timeout);
        while (System.nanoTime() < end) {
            if (output().contains(text)) {
                return true;
            }
            if (!process.isAlive()) {
                return output().contains(text);
            }
            Thread.sleep(250);
        }
        return false;
    }

    /** Runs {@code scripts/archive <args>}: exit code and combined output. */
    Result cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("scripts/archive").toString()));
        cmd.addAll(List.of(args));
        Path cliOut = Files.createTempFile(work, "cli", ".out");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(cliOut.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("scripts/archive %s", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(cliOut, StandardCharsets.UTF_8));
    }

    /** A finished CLI call. */
    record Result(int exit, String output) {
    }

    String harvesterUrl() {
        return "http://127.0.0.1:" + (base + 1);
    }

    String statsUrl() {
        return "http://127.0.0.1:" + (base + 4);
    }

    /** Every child the script recorded (broker, its broker JVM, fakes, services, CLI) has ended, nothing else runs. */
    void assertNothingLeftRunning() throws IOException {
        Path pids = data.resolve("logs/run-local.pids");
        assertThat(pids).exists();
        List<String> lines = Files.readAllLines(pids);
        assertThat(lines).extracting(l -> l.split(" ")[0])
                .contains("kafka", "kafka-broker", "harvester", "fetcher", "archiver", "stats", "cli");
        for (String line : lines) {
            long pid = Long.parseLong(line.split(" ")[1]);
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("%s still running", line).isEmpty();
        }
        long left = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .count();
        assertThat(left).as("processes still running with the run's data dir").isZero();
        for (int port = base + 1; port <= base + 4; port++) {
            assertThat(isFree(port)).as("port %d free again", port).isTrue();
        }
        assertThat(isFree(kafkaPort)).as("Kafka port free again").isTrue();
    }

    void stopIfRunning() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port)) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    /** Four consecutive free ports above a free base port. */
    private static int freeBase() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = Pipeline.freePort();
            if (base > 60000) {
                continue;
            }
            boolean free = true;
            for (int i = 1; i <= 4 && free; i++) {
                free = isFree(base + i);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no four consecutive free ports");
    }
}
