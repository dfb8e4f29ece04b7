package mapillary.archive.fetcher.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Starts the fake Mapillary (API + CDN) and a fresh data dir for {@code @QuarkusTest}s of the fetcher. */
public class FakeMapillaryResource implements QuarkusTestResourceLifecycleManager {

    public static final String USER = "kafka-user";
    static volatile FakeMapillary fake;
    static volatile Path dataDir;

    @Override
    public Map<String, String> start() {
        fake = FakeMapillary.start();
        fake.addUser(SyntheticUser.generate(USER, 30, 21));
        try {
            Path work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work"));
            Files.createDirectories(work);
            dataDir = Files.createTempDirectory(work.toAbsolutePath(), "fetcher-data-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "mapillary.api-url", fake.apiUrl(),
                "mapillary.token", fake.token(),
                "archive.data-dir", dataDir.toString(),
                "fetcher.download.attempts", "3",
                "fetcher.download.backoff-base", "20ms");
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
