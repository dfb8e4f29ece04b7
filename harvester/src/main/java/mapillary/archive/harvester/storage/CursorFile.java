package mapillary.archive.harvester.storage;

import mapillary.archive.common.io.AtomicFiles;
import mapillary.archive.harvester.mapillary.Redaction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code .api_cursor}: the next listing page's URL (no newline, no {@code access_token}), replaced atomically. */
public final class CursorFile {

    public static final String NAME = ".api_cursor";

    private final Path path;

    public CursorFile(Path collectionDir) {
        this.path = collectionDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    /** The saved next-page URL, if present and non-empty. */
    public Optional<String> read() {
        try {
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            String s = Files.readString(path, StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(s);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + NAME, e);
        }
    }

    /** Saves the next URL atomically, with any {@code access_token} query parameter removed. */
    public void save(String nextUrl) {
        AtomicFiles.writeString(path, Redaction.stripAccessToken(nextUrl));
    }

    public void delete() {
        AtomicFiles.deleteQuietly(path);
    }
}
