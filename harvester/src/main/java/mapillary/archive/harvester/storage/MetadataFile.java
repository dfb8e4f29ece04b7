package mapillary.archive.harvester.storage;

import mapillary.archive.common.io.SyncedAppendFile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code metadata.jsonl}: the API records verbatim, one per line, closed by the completion marker (spec §6.2-6.3).
 */
public final class MetadataFile implements AutoCloseable {

    public static final String NAME = "metadata.jsonl";
    public static final String MARKER = "{\"__complete__\": true}";

    private final Path path;
    private SyncedAppendFile out;

    public MetadataFile(Path collectionDir) {
        this.path = collectionDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.isRegularFile(path);
    }

    /**
     * Cuts a line torn by a crash: everything after the last newline is removed, so a re-listed record is
     * appended whole. Returns the number of bytes removed.
     */
    public long truncateTornTail() throws IOException {
        if (!exists()) {
            return 0;
        }
        try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "rw")) {
            long len = raf.length();
            long pos = len;
            byte[] buf = new byte[8192];
            while (pos > 0) {
                int n = (int) Math.min(buf.length, pos);
                raf.seek(pos - n);
                raf.readFully(buf, 0, n);
                for (int i = n - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        long keep = pos - n + i + 1;
                        raf.setLength(keep);
                        return len - keep;
                    }
                }
                pos -= n;
            }
            raf.setLength(0);
            return len;
        }
    }

    /** Receives lines; may block (e.g. to await broker acks). */
    @FunctionalInterface
    public interface LineVisitor {
        void visit(String line) throws IOException, InterruptedException;
    }

    /** Streams every non-blank line (without its newline) to {@code sink}; memory stays flat. */
    public void forEachLine(Consumer<String> sink) throws IOException {
        try {
            visitLines(sink::accept);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Like {@link #forEachLine(Consumer)}, for a visitor that may block. */
    public void visitLines(LineVisitor sink) throws IOException, InterruptedException {
        if (!exists()) {
            return;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    sink.visit(line);
                }
            }
        }
    }

    /** Appends one record (its raw JSON bytes, no newline inside) and a newline. */
    public void append(byte[] json) throws IOException {
        open();
        out.write(json);
        out.write('\n');
    }

    /** Appends the completion marker. */
    public void appendMarker() throws IOException {
        append(MARKER.getBytes(StandardCharsets.UTF_8));
        sync();
    }

    /** Flushes and fsyncs what was appended: called before the page's cursor is saved. */
    public void sync() throws IOException {
        if (out != null) {
            out.sync();
        }
    }

    private void open() throws IOException {
        if (out == null) {
            out = SyncedAppendFile.append(path, 1 << 16);
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
