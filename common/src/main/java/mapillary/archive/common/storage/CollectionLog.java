package mapillary.archive.common.storage;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The collection's own {@code download.log.<YYYYMMDD-HHMMSS>} (spec §6.2, §14), shared by the services that write
 * into it: lines {@code <YYYY-MM-DD HH:MM:SS> [<LEVEL>] <message>} in UTC, no colours. The harvester starts one file
 * per run ({@link #CollectionLog(Path, Instant)}); the archiver appends to the newest one of the collection
 * ({@link #CollectionLog(Path)}). Nothing is written while the collection dir does not exist, and a failed write
 * never fails the caller: the log is a courtesy.
 */
public final class CollectionLog implements Consumer<String> {

    public static final String PREFIX = "download.log.";
    private static final Logger LOG = Logger.getLogger(CollectionLog.class);
    private static final Pattern NAME = Pattern.compile("download\\.log\\.[0-9]{8}-[0-9]{6}");
    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String collection;
    private Path file;

    /** A new log of the run that started at {@code runStart}, named after it. */
    public CollectionLog(Path collectionDir, Instant runStart) {
        this.dir = collectionDir;
        this.collection = collectionDir.getFileName().toString();
        this.file = collectionDir.resolve(fileName(runStart));
    }

    /** The newest {@code download.log.*} of the collection (the current run's); with none, a new one named after now. */
    public CollectionLog(Path collectionDir) {
        this.dir = collectionDir;
        this.collection = collectionDir.getFileName().toString();
    }

    /** {@code download.log.<YYYYMMDD-HHMMSS>} of the given instant, in UTC. */
    public static String fileName(Instant at) {
        return PREFIX + FILE.format(at);
    }

    /** The file this log writes to. */
    public synchronized Path file() {
        if (file == null) {
            try (Stream<Path> s = Files.list(dir)) {
                file = s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                        .max(Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            } catch (IOException e) {
                file = null;
            }
            if (file == null) {
                file = dir.resolve(fileName(Instant.now()));
            }
        }
        return file;
    }

    /**
     * Writes a line given as {@code "<LEVEL> <message>"} (no space: INFO) as the caller formatted it; the caller logs
     * it to the service log itself.
     */
    @Override
    public void accept(String levelAndMessage) {
        int sp = levelAndMessage.indexOf(' ');
        String level = sp < 0 ? "INFO" : levelAndMessage.substring(0, sp);
        String message = sp < 0 ? levelAndMessage : levelAndMessage.substring(sp + 1);
        write(level, message);
    }

    /** Writes an INFO line (newlines flattened) and logs it to the service log too. */
    public void info(String message) {
        write("INFO", oneLine(message));
        LOG.infof("%s: %s", collection, message);
    }

    /** Writes a WARNING line (newlines flattened) and logs it to the service log too. */
    public void warn(String message) {
        write("WARNING", oneLine(message));
        LOG.warnf("%s: %s", collection, message);
    }

    /** Writes an ERROR line (newlines flattened) and logs it to the service log too. */
    public void error(String message) {
        write("ERROR", oneLine(message));
        LOG.errorf("%s: %s", collection, message);
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ');
    }

    private synchronized void write(String level, String message) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        String line = LINE.format(Instant.now()) + " [" + level + "] " + message + "\n";
        try {
            Files.writeString(file(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.debugf("could not append to the log of %s: %s", collection, e.getMessage());
        }
    }
}
