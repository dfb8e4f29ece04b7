package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The table is regenerated from result files between its markers, and the rest of the file is kept. */
class MarkdownReportTest {

    @TempDir
    Path dir;

    @Test
    void newestResultPerScenarioReplacesOnlyTheGeneratedPart() throws Exception {
        ResultFiles files = new ResultFiles(dir.resolve("results"));
        Machine machine = new Machine(2, 24000, "cpu", "Linux", "JDK 25", "/jdk", 0.5, "1.2.4");
        CaseResult old = CaseResult.of("jpeg-0ms", Map.of(), List.of(Map.of("images_per_s", 1.0)));
        CaseResult fresh = CaseResult.of("jpeg-0ms", Map.of(), List.of(Map.of("images_per_s", 400.0),
                Map.of("images_per_s", 500.0), Map.of("images_per_s", 450.0)));
        files.write(new ScenarioResult("jpeg", "2026-01-01", Instant.parse("2026-01-01T10:00:00Z"),
                Instant.parse("2026-01-01T10:05:00Z"), machine, Map.of(), List.of(old), List.of()));
        files.write(new ScenarioResult("jpeg", "2026-01-02", Instant.parse("2026-01-02T10:00:00Z"),
                Instant.parse("2026-01-02T10:05:00Z"), machine, Map.of(), List.of(fresh), List.of("a note")));
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Bench\n\nintro\n\n" + MarkdownReport.BEGIN + "\nstale\n" + MarkdownReport.END
                + "\n\n## After\n");

        Map<String, JsonNode> latest = files.latest();
        MarkdownReport.writeInto(readme, latest);

        String text = Files.readString(readme);
        assertThat(text).startsWith("# Bench\n\nintro\n\n").endsWith("\n\n## After\n").doesNotContain("stale")
                .contains("| jpeg-0ms | 3 | 450 [400..500] |", "- a note", "2 cores (cpu)");
        assertThat(Json.MAPPER.readTree(dir.resolve("results/2026-01-02-jpeg.json").toFile()).at("/cases/0/summary"
                + "/images_per_s/median").asDouble()).isEqualTo(450.0);
    }
}
