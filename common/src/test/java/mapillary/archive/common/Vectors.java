package mapillary.archive.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Loads the golden vectors shipped in testkit's resources. */
public final class Vectors {

    private Vectors() {
    }

    public static JsonNode load(String name) {
        Path dir = Path.of(System.getProperty("vectors.dir", "../testkit/src/main/resources/vectors"));
        try {
            return new ObjectMapper().readTree(dir.resolve(name).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
