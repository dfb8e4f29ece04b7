package mapillary.archive.harvester.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Consumer;

/**
 * The collection's own {@code download.log.<YYYYMMDD-HHMMSS>} (spec §6.2, §14): one file per run, lines
 * {@code <YYYY-MM-DD HH:MM:SS> [<LEVEL>] <message>} in UTC, no colours. Accepts lines {@code "<LEVEL> <message>"}.
 */
public final class CollectionLog implements Consumer<String> {

    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final Path file;

    public CollectionLog(Path dir, Instant runStart) {
        this.dir = dir;
        this.file = dir.resolve("download.log." + FILE.format(runStart));
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void accept(String levelAndMessage) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        int sp = levelAndMessage.indexOf(' ');
        String level = sp < 0 ? "INFO" : levelAndMessage.substring(0, sp);
        String message = sp < 0 ? levelAndMessage : levelAndMessage.substring(sp + 1);
        String line = LINE.format(Instant.now()) + " [" + level + "] " + message + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the log file is a courtesy: the harvest goes on without it
        }
    }
}
