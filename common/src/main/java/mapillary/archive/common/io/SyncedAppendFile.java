package mapillary.archive.common.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A buffered append-only file whose {@link #sync()} makes every byte written so far durable (flush + fsync): the
 * write side of the harvester's line logs, which are synced before the offsets or cursors they back are saved.
 */
public final class SyncedAppendFile implements AutoCloseable {

    private final FileChannel channel;
    private final OutputStream out;
    private boolean unsynced;

    private SyncedAppendFile(FileChannel channel, int bufferSize) {
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), bufferSize);
    }

    /** Opens {@code path} (creating it and its directory) to append after its first {@code keep} bytes. */
    public static SyncedAppendFile open(Path path, long keep, int bufferSize) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.size() > keep) {
                channel.truncate(keep);
            }
            channel.position(keep);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new SyncedAppendFile(channel, bufferSize);
    }

    /** Opens {@code path} (creating it and its directory) in append mode: every write goes to its current end. */
    public static SyncedAppendFile append(Path path, int bufferSize) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        return new SyncedAppendFile(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), bufferSize);
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        unsynced = true;
    }

    public void write(int b) throws IOException {
        out.write(b);
        unsynced = true;
    }

    /** Flushes and fsyncs what was written since the last call; nothing to do when nothing was. */
    public void sync() throws IOException {
        if (unsynced) {
            out.flush();
            channel.force(false);
            unsynced = false;
        }
    }

    /** Syncs, then closes. */
    @Override
    public void close() throws IOException {
        try (channel) {
            sync();
        }
    }
}
