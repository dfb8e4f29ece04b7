package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressPrinterTest {

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void onATerminalOneLineIsRedrawnInPlace() throws Exception {
        ProgressPrinter p = new ProgressPrinter(out, true, 140, Duration.ofSeconds(5));
        p.update(Harvests.info("FETCHING", 100, 10, 0, 0, 1, 90L), t0);
        p.update(Harvests.info("FETCHING", 100, 20, 0, 0, 1, 80L), t0.plusSeconds(1));
        p.finish();
        String s = buffer.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\rFETCHING   [").endsWith("\033[K\n");
        assertThat(s.split("\r")).hasSize(3);
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }

    @Test
    void plainOutputPrintsStatusChangesAndAtMostOneLinePerInterval() throws Exception {
        ProgressPrinter p = new ProgressPrinter(out, false, 80, Duration.ofSeconds(5));
        p.update(Harvests.info("LISTING", 0, 0, 0, 0, 0, null), t0);
        p.update(Harvests.info("FETCHING", 100, 0, 0, 0, 0, null), t0.plusSeconds(1));
        p.update(Harvests.info("FETCHING", 100, 10, 0, 0, 1, 90L), t0.plusSeconds(2));
        p.update(Harvests.info("FETCHING", 100, 20, 0, 0, 1, 80L), t0.plusSeconds(6));
        p.update(Harvests.info("FETCHING", 100, 20, 0, 0, 1, 80L), t0.plusSeconds(12));
        p.update(Harvests.info("DONE", 100, 100, 0, 0, 1, 0L), t0.plusSeconds(13));
        p.finish();
        assertThat(buffer.toString(StandardCharsets.UTF_8).lines())
                .extracting(l -> l.substring(0, l.indexOf("  listed")))
                .containsExactly("LISTING      --%", "FETCHING      0%", "FETCHING     20%", "DONE        100%");
    }
}
