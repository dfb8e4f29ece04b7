package mapillary.archive.archiver.tar;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a tar's file entries (name to size) from its headers only, to verify a tar and to skip what it holds. */
public final class TarIndex {

    private TarIndex() {
    }

    /** The regular-file entries of {@code tar}, in archive order. */
    public static Map<String, Long> read(Path tar) throws IOException {
        Map<String, Long> entries = new LinkedHashMap<>();
        try (TarFile file = new TarFile(tar)) {
            for (TarArchiveEntry e : file.getEntries()) {
                if (e.isFile()) {
                    entries.put(e.getName(), e.getSize());
                }
            }
        }
        return entries;
    }
}
