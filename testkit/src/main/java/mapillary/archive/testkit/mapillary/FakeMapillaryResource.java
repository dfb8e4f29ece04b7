package mapillary.archive.testkit.mapillary;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Duration;
import java.util.Map;

/**
 * Gives {@code @QuarkusTest} classes a running {@link FakeMapillary}:
 * {@code @WithTestResource(FakeMapillaryResource.class)} sets {@code mapillary.api-url} and {@code mapillary.token},
 * and fills a field annotated {@link InjectFakeMapillary} so the test can add users and faults. Optional init args
 * ({@code @ResourceArg}): {@code users} = {@code name:count[:seed],...}, {@code url-ttl-seconds}, {@code token}.
 */
public class FakeMapillaryResource implements QuarkusTestResourceLifecycleManager {

    private FakeMapillary.Options options = FakeMapillary.Options.defaults();
    private String users = "";
    private FakeMapillary fake;

    @Override
    public void init(Map<String, String> args) {
        users = args.getOrDefault("users", "");
        if (args.containsKey("url-ttl-seconds")) {
            options = options.withUrlTtl(Duration.ofSeconds(Long.parseLong(args.get("url-ttl-seconds"))));
        }
        if (args.containsKey("token")) {
            options = options.withToken(args.get("token"));
        }
    }

    @Override
    public Map<String, String> start() {
        fake = FakeMapillary.start(options);
        for (String spec : users.split(",")) {
            if (!spec.isBlank()) {
                String[] p = spec.trim().split(":");
                fake.addUser(SyntheticUser.generate(p[0], Integer.parseInt(p[1]), p.length > 2 ? Long.parseLong(p[2]) : 1));
            }
        }
        return Map.of("mapillary.api-url", fake.apiUrl(), "mapillary.token", fake.token());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(fake,
                new TestInjector.AnnotatedAndMatchesType(InjectFakeMapillary.class, FakeMapillary.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }
}
