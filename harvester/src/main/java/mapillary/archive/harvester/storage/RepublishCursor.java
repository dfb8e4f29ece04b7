package mapillary.archive.harvester.storage;

import mapillary.archive.common.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * {@code .republish-cursor}: {@code <harvest id> <lines>} while a new harvest of a collection listed before
 * re-publishes the tasks of the records already in {@code metadata.jsonl}: the number of its lines whose tasks the
 * broker acknowledged. A restart mid-way re-publishes from there, so no task of that step goes missing.
 */
public final class RepublishCursor {

    public static final String NAME = ".republish-cursor";

    private final Path path;

    public RepublishCursor(Path collectionDir) {
        this.path = collectionDir.resolve(NAME);
    }

    public Path path() {
        return path;
    }

    /** The lines done for {@code harvestId}; empty when there is no cursor, or one of another harvest. */
    public OptionalLong read(String harvestId) {
        try {
            if (!Files.isRegularFile(path)) {
                return OptionalLong.empty();
            }
            String[] parts = Files.readString(path, StandardCharsets.UTF_8).strip().split(" ");
            if (parts.length != 2 || !parts[0].equals(harvestId)) {
                return OptionalLong.empty();
            }
            long lines = Long.parseLong(parts[1]);
            return lines < 0 ? OptionalLong.empty() : OptionalLong.of(lines);
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + NAME, e);
        }
    }

    /** Saves atomically that the first {@code lines} lines' tasks of {@code harvestId} are acknowledged. */
    public void save(String harvestId, long lines) {
        AtomicFiles.writeString(path, harvestId + " " + lines);
    }

    public void delete() {
        AtomicFiles.deleteQuietly(path);
    }
}
