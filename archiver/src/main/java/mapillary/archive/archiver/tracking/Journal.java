package mapillary.archive.archiver.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.storage.DataDirs;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The archiver's durable tracking state: one append-only JSON-lines file per collection in progress under
 * {@code archiver/journal/}. Lines are fsynced before the Kafka offsets of the records they hold are committed,
 * so a restart replays the journal and continues from the committed offsets without losing or double-counting an
 * image. A torn last line (crash mid-write) is skipped on replay.
 */
public final class Journal implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Journal.class);
    private static final String SUFFIX = ".jsonl";

    private final Path dir;
    private final Map<String, FileChannel> open = new HashMap<>();

    public Journal(Path dir) {
        this.dir = dir;
    }

    /** The directory this journal keeps its files in. */
    public Path directory() {
        return dir;
    }

    /** The journal directory on the shared volume: {@code archiver/journal/}. */
    public static Path dir(DataDirs dirs) {
        return dirs.serviceDir("archiver").resolve("journal");
    }

    /** Appends the entries to the collection's journal and fsyncs it. */
    public synchronized void append(String collection, List<JournalEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        try {
            for (JournalEntry e : entries) {
                sb.append(Json.MAPPER.writeValueAsString(e)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("journal entry not serialisable", e);
        }
        try {
            FileChannel ch = channel(collection);
            ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        } catch (IOException e) {
            closeQuietly(collection);
            throw new UncheckedIOException("could not write the journal of " + collection, e);
        }
    }

    /** Every journal on disk, replayed: collection name to its entries in order. */
    public synchronized Map<String, List<JournalEntry>> readAll() {
        Map<String, List<JournalEntry>> all = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = p.getFileName().toString();
                all.put(name.substring(0, name.length() - SUFFIX.length()), read(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read journals in " + dir, e);
        }
        return all;
    }

    private static List<JournalEntry> read(Path p) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(Json.MAPPER.readValue(line, JournalEntry.class));
                } catch (JsonProcessingException e) {
                    LOG.warnf("Skipping unreadable journal line %d of %s", n, p.getFileName());
                }
            }
        }
        return entries;
    }

    /** Removes a collection's journal once it is finalised. */
    public synchronized void delete(String collection) {
        closeQuietly(collection);
        try {
            Files.deleteIfExists(file(collection));
        } catch (IOException e) {
            LOG.warnf("Could not delete the journal of %s: %s", collection, e.getMessage());
        }
    }

    private FileChannel channel(String collection) throws IOException {
        FileChannel ch = open.get(collection);
        if (ch == null || !ch.isOpen()) {
            Files.createDirectories(dir);
            Path f = file(collection);
            boolean torn = Files.exists(f) && Files.size(f) > 0 && lastByte(f) != '\n';
            ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (torn) {
                ch.write(ByteBuffer.wrap(new byte[]{'\n'})); // end a torn line so the next one stays readable
            }
            open.put(collection, ch);
        }
        return ch;
    }

    private static int lastByte(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, ch.size() - 1);
            return b.get(0);
        }
    }

    private Path file(String collection) {
        return dir.resolve(collection + SUFFIX);
    }

    private void closeQuietly(String collection) {
        FileChannel ch = open.remove(collection);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a channel we no longer need
            }
        }
    }

    @Override
    public synchronized void close() {
        for (String c : new ArrayList<>(open.keySet())) {
            closeQuietly(c);
        }
    }
}
