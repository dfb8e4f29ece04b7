package mapillary.archive.fetcher.support;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the golden vectors shipped on the test classpath by testkit ({@code vectors/...}). */
public final class Vectors {

    private Vectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = Vectors.class.getClassLoader().getResourceAsStream("vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no vector " + name + " on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(String name) {
        try {
            return Json.MAPPER.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
