package mapillary.archive.archiver.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.testkit.ia.FakeInternetArchive;

import java.util.Map;

/** Starts testkit's fake Internet Archive and turns the archiver's upload on against it (short retry pauses). */
public class FakeIaResource implements QuarkusTestResourceLifecycleManager {

    private FakeInternetArchive ia;

    @Override
    public Map<String, String> start() {
        ia = FakeInternetArchive.start();
        return Map.of("ia.url", ia.url(), "ia.s3-url", ia.s3Url(), "ia.access-key", ia.accessKey(),
                "ia.secret-key", ia.secretKey(), "archiver.upload.retry-delay", "50ms");
    }

    @Override
    public void stop() {
        if (ia != null) {
            ia.close();
        }
    }
}
