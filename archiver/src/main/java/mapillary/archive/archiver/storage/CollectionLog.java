package mapillary.archive.archiver.storage;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The collection's own {@code download.log.<YYYYMMDD-HHMMSS>} (spec §6.2, §14), written into the item: the archiver
 * appends its lines for the collection (failures, tar summaries, finalisation) to the newest log of the run, the one
 * the harvester started, in the original's format {@code <YYYY-MM-DD HH:MM:SS> [LEVEL] message}, UTC, no colour. With
 * no log yet it starts one. Each line also goes to the service log.
 */
public final class CollectionLog {

    public static final String PREFIX = "download.log.";
    private static final Logger LOG = Logger.getLogger(CollectionLog.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter FILE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final String collection;
    private Path file;

    public CollectionLog(Path collectionDir) {
        this.dir = collectionDir;
        this.collection = collectionDir.getFileName().toString();
    }

    /** The newest {@code download.log.*} of the collection, or a new one named after now. */
    Path file() {
        if (file == null) {
            try (java.util.stream.Stream<Path> s = Files.list(dir)) {
                file = s.filter(p -> p.getFileName().toString().matches("download\\.log\\.[0-9]{8}-[0-9]{6}"))
                        .max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElse(null);
            } catch (IOException e) {
                file = null;
            }
            if (file == null) {
                file = dir.resolve(PREFIX + FILE.format(Instant.now()));
            }
        }
        return file;
    }

    public void info(String message) {
        write("INFO", message);
        LOG.infof("%s: %s", collection, message);
    }

    public void warn(String message) {
        write("WARNING", message);
        LOG.warnf("%s: %s", collection, message);
    }

    public void error(String message) {
        write("ERROR", message);
        LOG.errorf("%s: %s", collection, message);
    }

    private void write(String level, String message) {
        String line = TIME.format(Instant.now()) + " [" + level + "] " + message.replace('\n', ' ') + "\n";
        try {
            if (Files.isDirectory(dir)) {
                Files.writeString(file(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            LOG.debugf("could not append to the log of %s: %s", collection, e.getMessage());
        }
    }
}
