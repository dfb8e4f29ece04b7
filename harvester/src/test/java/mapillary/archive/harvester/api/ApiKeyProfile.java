package mapillary.archive.harvester.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** A harvester protected by an API key (and without a Mapillary token). */
public class ApiKeyProfile implements QuarkusTestProfile {

    public static final String KEY = "s3cr3t-harvester-key";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("harvester.api-key", KEY, "archive.data-dir", Path.of("target", "harvester-test-data",
                "api-key-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
