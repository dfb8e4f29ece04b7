package mapillary.archive.harvester.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code .listing-published}: the ids of the current listing page whose tasks the broker acknowledged, one per
 * line, cleared once the page's cursor is saved. After a crash mid-page, a resumed listing re-publishes only the
 * records of that page that are not in it. Holds at most one page of ids; hidden, so the archiver ignores it.
 */
public final class PublishedLog implements AutoCloseable {

    public static final String NAME = ".listing-published";

    private final Path path;
    private final FileChannel channel;

    private PublishedLog(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Opens the log in {@code dir}; a fresh listing starts it empty. */
    public static PublishedLog open(Path dir, boolean fresh) throws IOException {
        PublishedLog log = new PublishedLog(dir.resolve(NAME));
        if (fresh) {
            log.clear();
        }
        return log;
    }

    /** The ids acknowledged in the page a crash cut short (complete lines only). */
    public Set<String> read() throws IOException {
        Set<String> ids = new HashSet<>();
        long size = Files.size(path);
        long pos = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(path),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                pos += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (pos <= size && !line.isEmpty()) {
                    ids.add(line);
                }
            }
        }
        return ids;
    }

    /** Records an acknowledged task (called from the producer's callback; one small write, no fsync). */
    public synchronized void add(String imageId) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((imageId + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    /** Forgets the page: called after its cursor was saved. */
    public synchronized void clear() throws IOException {
        channel.truncate(0);
    }

    public void delete() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    @Override
    public synchronized void close() throws IOException {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
