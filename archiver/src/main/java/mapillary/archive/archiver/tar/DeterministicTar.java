package mapillary.archive.archiver.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Writes an uncompressed, byte-reproducible tar (spec §10.2): regular-file entries only, in the given order, uid/gid
 * 0, empty user and group names, mode 0644, whole-second mtime from the file, POSIX (PAX) headers for long names,
 * padded to 10240-byte records.
 */
public final class DeterministicTar {

    /** {@code -rw-r--r--} regular file. */
    public static final int FILE_MODE = 0100644;
    public static final int RECORD_SIZE = 10240;

    private DeterministicTar() {
    }

    /**
     * Writes {@code entries} (paths relative to {@code base}, already sorted) to a new file {@code target} and fsyncs
     * it. Returns the tar's size in bytes.
     */
    public static long write(Path base, List<String> entries, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, RECORD_SIZE, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (String name : entries) {
                    Path file = base.resolve(name);
                    tar.putArchiveEntry(entry(name, file));
                    Files.copy(file, tar);
                    tar.closeArchiveEntry();
                }
                tar.finish();
                tar.flush();
                ch.force(true);
            }
        }
        return Files.size(target);
    }

    private static TarArchiveEntry entry(String name, Path file) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(Files.size(file));
        e.setMode(FILE_MODE);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("");
        e.setGroupName("");
        long seconds = Files.getLastModifiedTime(file).to(TimeUnit.SECONDS);
        e.setModTime(FileTime.from(seconds, TimeUnit.SECONDS));
        return e;
    }
}
