package mapillary.archive.harvester.storage;

import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.io.SyncedAppendFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code .harvest-results}: the fetchers' results one harvest has counted, one short line each
 * ({@code O|F|S <bytes> <imageId>}) after a {@code harvest <id>} header. It is the durable side of the result
 * counts, so a restarted harvester rebuilds exact counts and ignores redelivered results; hidden, so the archiver
 * neither tars nor uploads it.
 */
public final class ResultLog implements AutoCloseable {

    public static final String NAME = ".harvest-results";
    private static final String HEADER = "harvest ";

    /** Receives each result counted before. */
    @FunctionalInterface
    public interface Replay {
        void counted(ImageResult.Status status, long bytes, String imageId);
    }

    private final Path path;
    private SyncedAppendFile out;

    private ResultLog(Path path) {
        this.path = path;
    }

    /**
     * Opens the log of {@code harvestId} in {@code dir}, first replaying what it holds. A log of another harvest
     * (an earlier one of the same collection) is started afresh; a line torn by a crash is cut off. {@code dir}
     * must exist (a collection moved by the archiver is never re-created).
     */
    public static ResultLog open(Path dir, String harvestId, Replay replay) throws IOException {
        ResultLog log = new ResultLog(dir.resolve(NAME));
        log.load(harvestId, replay);
        return log;
    }

    public Path path() {
        return path;
    }

    private void load(String harvestId, Replay replay) throws IOException {
        String header = HEADER + harvestId;
        long keep = 0;
        boolean ours = false;
        if (Files.isRegularFile(path)) {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                    StandardCharsets.UTF_8), 1 << 16)) {
                long pos = 0;
                String line;
                // readLine hides whether the last line had its newline, so count bytes against the file size
                long size = Files.size(path);
                while ((line = r.readLine()) != null) {
                    long end = pos + line.getBytes(StandardCharsets.UTF_8).length + 1;
                    if (end > size) {
                        break; // torn: no newline
                    }
                    if (pos == 0) {
                        ours = line.equals(header);
                        if (!ours) {
                            break;
                        }
                    } else if (!parse(line, replay)) {
                        break; // garbage from a crash: drop it and everything after
                    }
                    pos = end;
                    keep = end;
                }
            }
        }
        out = SyncedAppendFile.open(path, ours ? keep : 0, 1 << 14);
        if (!ours) {
            out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
            sync();
        }
    }

    private static boolean parse(String line, Replay replay) {
        int a = line.indexOf(' ');
        int b = a < 0 ? -1 : line.indexOf(' ', a + 1);
        if (a != 1 || b < 0 || b == line.length() - 1) {
            return false;
        }
        ImageResult.Status status = switch (line.charAt(0)) {
            case 'O' -> ImageResult.Status.OK;
            case 'F' -> ImageResult.Status.FAILED;
            case 'S' -> ImageResult.Status.SKIPPED;
            default -> null;
        };
        if (status == null) {
            return false;
        }
        long bytes;
        try {
            bytes = Long.parseLong(line, a + 1, b, 10);
        } catch (NumberFormatException e) {
            return false;
        }
        replay.counted(status, bytes, line.substring(b + 1));
        return true;
    }

    /** Appends one counted result (buffered; {@link #sync()} makes it durable). */
    public void append(ImageResult.Status status, long bytes, String imageId) throws IOException {
        char c = switch (status) {
            case OK -> 'O';
            case FAILED -> 'F';
            case SKIPPED -> 'S';
        };
        out.write((c + " " + bytes + " " + imageId + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Flushes and fsyncs what was appended since the last call. */
    public void sync() throws IOException {
        if (out != null) {
            out.sync();
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }
}
