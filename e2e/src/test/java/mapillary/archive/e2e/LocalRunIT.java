package mapillary.archive.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command in demo mode archives a synthetic user end to end through the CLI, prints the collection
 * path, exits 0 and leaves no process behind.
 */
class LocalRunIT {

    private LocalRun run;

    @AfterEach
    void stop() throws InterruptedException {
        if (run != null) {
            run.stopIfRunning();
        }
    }

    @Test
    void demoRunPrintsTheFinishedCollection() throws Exception {
        run = new LocalRun("local-run");
        long started = System.nanoTime();
        Process p = run.start(Map.of(), "--demo", "--quality", "256", "--no-webp", "demo-e2e");
        boolean finished = p.waitFor(6, TimeUnit.MINUTES);
        String output = run.output();
        assertThat(finished).as(output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        System.out.printf("run-local.sh --demo: %d s from command to DONE%n",
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));

        Path collection = run.data.resolve("output/mapillary-demo-e2e-256");
        assertThat(output).contains("Processing user: demo-e2e (1/1)", "listed 500 | fetched",
                "DONE        100%  listed 500 | fetched 500 | failed 0 |", "Done: " + collection);
        assertThat(output).as("plain progress lines when not on a terminal").doesNotContain("\r", "\033[K");
        assertThat(collection.resolve("metadata.jsonl.gz")).exists();
        try (Stream<Path> s = Files.list(collection)) {
            assertThat(s.filter(f -> f.getFileName().toString().endsWith(".tar")).count()).isGreaterThan(1);
        }
        run.assertNothingLeftRunning();
    }
}
