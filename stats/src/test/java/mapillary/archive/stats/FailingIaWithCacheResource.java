package mapillary.archive.stats;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.stats.aggregate.ScrapeItemParser;
import mapillary.archive.stats.model.StatsCache;
import mapillary.archive.stats.storage.StatsCacheStore;
import mapillary.archive.testkit.ia.FakeInternetArchive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** A fake IA whose scrape always fails, and a data dir holding the cache an earlier run left for the vector. */
public class FailingIaWithCacheResource implements QuarkusTestResourceLifecycleManager {

    private FakeInternetArchive ia;

    @Override
    public Map<String, String> start() {
        ia = FakeInternetArchive.start();
        ia.seedItems(StatsVectors.scrapeItems());
        ia.faults().scrapeErrorsNext(Integer.MAX_VALUE);
        Path dataDir = StatsVectors.workDir("stats-cached");
        ScrapeItemParser.Result parsed = ScrapeItemParser.parse(StatsVectors.scrapeItemNodes(), Map.of());
        new StatsCacheStore(dataDir.resolve("stats").resolve("cache.json"))
                .save(new StatsCache(Instant.parse("2026-01-02T03:04:05Z"), parsed.skipped(), parsed.entries()));
        return Map.of("ia.url", ia.url(), "archive.data-dir", dataDir.toString());
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
