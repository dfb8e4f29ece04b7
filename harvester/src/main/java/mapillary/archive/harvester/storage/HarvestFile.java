package mapillary.archive.harvester.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import mapillary.archive.common.event.Json;
import mapillary.archive.common.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code harvest.json} in a collection dir, written atomically. */
public final class HarvestFile {

    public static final String NAME = "harvest.json";

    private HarvestFile() {
    }

    /** Writes the state into {@code dir} (which must exist: a moved collection is never re-created). */
    public static boolean save(Path dir, HarvestState state) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try {
            AtomicFiles.write(dir.resolve(NAME), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(state));
            return true;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static HarvestState load(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), HarvestState.class);
    }
}
