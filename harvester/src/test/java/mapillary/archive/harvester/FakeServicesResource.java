package mapillary.archive.harvester;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Starts the fake Mapillary (with synthetic users) and the fake archive.org for a @QuarkusTest, and points the
 * harvester at them and at a fresh data dir under target/. Injects both fakes into test fields of their type.
 */
public class FakeServicesResource implements QuarkusTestResourceLifecycleManager {

    /** Users: name -> number of images. */
    public static final Map<String, Integer> USERS = Map.ofEntries(Map.entry("alice", 450), Map.entry("bob", 230),
            Map.entry("carol", 150), Map.entry("dora", 120), Map.entry("erin", 80), Map.entry("hostile", 60),
            Map.entry("emptyuser", 0), Map.entry("frank", 100), Map.entry("gina", 90), Map.entry("hank", 70),
            Map.entry("ivan", 400), Map.entry("judy", 60),
            Map.entry("mallory", 250), Map.entry("racer", 300));

    private FakeMapillary mapillary;
    private FakeInternetArchive ia;
    private Path dataDir;

    @Override
    public Map<String, String> start() {
        mapillary = FakeMapillary.start();
        long seed = 7;
        for (var e : USERS.entrySet()) {
            mapillary.addUser(SyntheticUser.generate(e.getKey(), e.getValue(), seed++));
        }
        ia = FakeInternetArchive.start();
        dataDir = Path.of("target", "harvester-test-data", UUID.randomUUID().toString()).toAbsolutePath();
        Map<String, String> config = new HashMap<>();
        config.put("mapillary.api-url", mapillary.apiUrl());
        config.put("mapillary.token", mapillary.token());
        config.put("mapillary.page-size", "100");
        config.put("mapillary.backoff-base", "10ms");
        config.put("mapillary.backoff-cap", "100ms");
        config.put("mapillary.requests-per-minute", "0");
        config.put("ia.url", ia.url());
        config.put("archive.data-dir", dataDir.toString());
        config.put("harvester.progress-interval", "200ms");
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(mapillary, new TestInjector.MatchesType(FakeMapillary.class));
        testInjector.injectIntoFields(ia, new TestInjector.MatchesType(FakeInternetArchive.class));
    }

    @Override
    public void stop() {
        if (mapillary != null) {
            mapillary.close();
        }
        if (ia != null) {
            ia.close();
        }
    }
}
