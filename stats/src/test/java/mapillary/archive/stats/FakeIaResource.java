package mapillary.archive.stats;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.testkit.ia.FakeInternetArchive;

import java.util.Map;

/** Starts a fake IA seeded with the stats vector's scrape items and points {@code ia.url} at it. */
public class FakeIaResource implements QuarkusTestResourceLifecycleManager {

    private FakeInternetArchive ia;

    @Override
    public Map<String, String> start() {
        ia = FakeInternetArchive.start();
        ia.seedItems(StatsVectors.scrapeItems());
        return Map.of("ia.url", ia.url(), "archive.data-dir", StatsVectors.workDir("stats").toString());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(ia, new TestInjector.AnnotatedAndMatchesType(InjectFakeIa.class,
                FakeInternetArchive.class));
    }

    @Override
    public void stop() {
        if (ia != null) {
            ia.close();
        }
    }
}
