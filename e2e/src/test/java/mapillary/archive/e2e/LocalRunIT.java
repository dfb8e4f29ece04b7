package mapillary.archive.e2e;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's first command in demo mode archives a synthetic user end to end and prints the collection path. */
class LocalRunIT {

    @Test
    void demoRunPrintsTheFinishedCollection() throws Exception {
        Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
        Path work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work")).toAbsolutePath()
                .resolve("local-run-" + System.currentTimeMillis());
        Path data = work.resolve("data");
        Files.createDirectories(work);
        Path out = work.resolve("run-local.out");

        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("scripts/run-local.sh").toString(), "--demo",
                "--quality", "256", "--no-webp", "--output", data.toString(), "demo-e2e")
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("KAFKA_PORT", Integer.toString(Pipeline.freePort()));
        pb.environment().put("LOCAL_PORT_BASE", Integer.toString(freeBase()));
        long started = System.nanoTime();
        Process p = pb.start();
        boolean finished = p.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(finished).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        System.out.printf("run-local.sh --demo: %d s from command to DONE%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        Path collection = data.resolve("output/mapillary-demo-e2e-256");
        assertThat(output).contains("Done: " + collection);
        assertThat(collection.resolve("metadata.jsonl.gz")).exists();
        try (Stream<Path> s = Files.list(collection)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".tar")).count()).isGreaterThan(1);
        }
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.count()).isPositive();
        }
        assertNoServiceLeftRunning(data);
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
                try (var s = new java.net.ServerSocket(base + i)) {
                    free = s.getLocalPort() == base + i;
                } catch (IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no four consecutive free ports");
    }

    private static void assertNoServiceLeftRunning(Path data) {
        long left = ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(data.toString())).orElse(false))
                .count();
        assertThat(left).as("processes still running with the demo's data dir").isZero();
    }
}
