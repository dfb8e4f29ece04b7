package mapillary.archive.fetcher.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The usable space of the file system that holds a directory; an interface so tests can simulate a full disk. */
public interface FreeSpace {

    /** Bytes a write to {@code dir} (or its nearest existing parent) can still use. */
    long usableBytes(Path dir) throws IOException;

    /** The real file system. */
    FreeSpace FILE_STORE = dir -> {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("no existing parent of " + dir);
        }
        return Files.getFileStore(p).getUsableSpace();
    };
}
