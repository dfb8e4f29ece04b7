package mapillary.archive.common.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CollectionLogTest {

    private static final String LINE = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} ";

    @TempDir
    Path tmp;

    @Test
    void aRunLogIsNamedAfterTheRunStartInUtc() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mapillary-alice-256"));
        CollectionLog log = new CollectionLog(dir, Instant.parse("2024-03-05T23:04:05Z"));

        log.accept("INFO Fetching page 1");
        log.accept("WARNING Rate limited");
        log.accept("plain");

        assertThat(log.file()).isEqualTo(dir.resolve("download.log.20240305-230405"));
        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches(LINE + "\\[INFO] Fetching page 1");
        assertThat(lines.get(1)).matches(LINE + "\\[WARNING] Rate limited");
        assertThat(lines.get(2)).matches(LINE + "\\[INFO] plain");
    }

    @Test
    void linesAreStampedInUtcWhateverTheDefaultZone() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("c"));
        CollectionLog log = new CollectionLog(dir, Instant.now());
        Instant before = Instant.now().minusSeconds(1);

        log.accept("INFO x");

        String stamp = Files.readString(log.file()).substring(0, 19).replace(' ', 'T') + "Z";
        assertThat(Instant.parse(stamp)).isBetween(before.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                Instant.now().plusSeconds(1));
    }

    @Test
    void appendsToTheNewestLogOfTheCollection() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mapillary-bob-1024"));
        Files.writeString(dir.resolve("download.log.20240101-000000"), "old\n");
        Files.writeString(dir.resolve("download.log.20240102-120000"), "harvester line\n");
        Files.writeString(dir.resolve("download.log.20991231-000000.bak"), "");

        CollectionLog log = new CollectionLog(dir);
        log.info("Tarred date '2024-01-01'");
        log.warn("two\nlines");
        log.error("boom");

        assertThat(log.file()).isEqualTo(dir.resolve("download.log.20240102-120000"));
        List<String> lines = Files.readAllLines(log.file());
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("harvester line");
        assertThat(lines.get(1)).matches(LINE + "\\[INFO] Tarred date '2024-01-01'");
        assertThat(lines.get(2)).matches(LINE + "\\[WARNING] two lines");
        assertThat(lines.get(3)).matches(LINE + "\\[ERROR] boom");
        assertThat(Files.readString(dir.resolve("download.log.20240101-000000"))).isEqualTo("old\n");
    }

    @Test
    void startsALogWhenTheCollectionHasNone() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("c"));

        new CollectionLog(dir).info("hello");

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().matches("download\\.log\\.\\d{8}-\\d{6}");
        }
    }

    @Test
    void writesNothingWhileTheCollectionDirIsMissing() {
        Path dir = tmp.resolve("gone");

        new CollectionLog(dir).info("lost");
        new CollectionLog(dir, Instant.now()).accept("INFO lost");

        assertThat(dir).doesNotExist();
    }
}
