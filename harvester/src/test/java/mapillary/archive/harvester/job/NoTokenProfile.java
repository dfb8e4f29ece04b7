package mapillary.archive.harvester.job;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** A harvester with no Mapillary token and an empty data dir. */
public class NoTokenProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("archive.data-dir", Path.of("target", "harvester-test-data", "no-token-" + UUID.randomUUID())
                .toAbsolutePath().toString(), "ia.url", "http://127.0.0.1:9");
    }
}
