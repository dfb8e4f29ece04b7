package mapillary.archive.testkit.mapillary;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Runs {@link FakeMapillary} as a standalone process for local demos, e2e tests and benchmarks; prints
 * {@code MAPILLARY_API_URL=}, {@code MAPILLARY_CDN_URL=} and {@code MAPILLARY_TOKEN=} lines when ready and stops on
 * SIGTERM.
 *
 * <pre>
 * java -cp "testkit/target/testkit-0.1.0-SNAPSHOT.jar:testkit/target/lib/*" \
 *     mapillary.archive.testkit.mapillary.FakeMapillaryMain --user alice:5000 --user bob:100:7 --api-latency-ms 20
 * </pre>
 */
public final class FakeMapillaryMain {

    private static final String USAGE = """
            usage: FakeMapillaryMain [options]
              --api-port N               API port (0 = free, default)
              --cdn-port N               CDN port (0 = free, default)
              --user NAME:COUNT[:SEED]   add a synthetic user (repeatable; seed defaults to 1)
              --plain-user NAME:COUNT[:SEED]  a user without odd records (all fields present)
              --token TOKEN              the valid token (default %s)
              --seed N                   seed for signatures, image bytes and fault decisions
              --api-latency-ms N         delay before each API response
              --cdn-latency-ms N         delay before each CDN response
              --api-error-rate R         fraction of API requests answering 500
              --cdn-error-rate R         fraction of CDN requests answering 503
              --truncate-rate R          fraction of CDN images cut short
              --truncate-mode close|short  close the connection early (default) or send a short body
              --hostile-every N          every N-th record has id ../<id> and sequence x/<seq>
              --rate-limit-per-minute N  token bucket for API requests (429 + Retry-After)
              --url-ttl-seconds N        lifetime of thumbnail URLs (default 3600)
              --warm Q[,Q...]            pre-generate JPEGs of these qualities (256,1024,2048,original)
            """;

    private FakeMapillaryMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        FakeMapillary.Options options = FakeMapillary.Options.defaults();
        List<SyntheticUser> users = new ArrayList<>();
        List<Consumer<Faults>> faultSetters = new ArrayList<>();
        List<String> warm = new ArrayList<>();
        double truncateRate = 0;
        Faults.TruncateMode truncateMode = Faults.TruncateMode.CLOSE_EARLY;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("-h") || a.equals("--help")) {
                    System.out.print(USAGE.formatted(FakeMapillary.DEFAULT_TOKEN));
                    return;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--api-port" -> options = options.withApiPort(Integer.parseInt(v));
                    case "--cdn-port" -> options = options.withCdnPort(Integer.parseInt(v));
                    case "--token" -> options = options.withToken(v);
                    case "--seed" -> options = options.withSeed(Long.parseLong(v));
                    case "--url-ttl-seconds" -> options = options.withUrlTtl(Duration.ofSeconds(Long.parseLong(v)));
                    case "--user" -> users.add(user(v, SyntheticUser.Options.defaults()));
                    case "--plain-user" -> users.add(user(v, SyntheticUser.Options.defaults().withoutQuirks()));
                    case "--api-latency-ms" -> {
                        Duration d = Duration.ofMillis(Long.parseLong(v));
                        faultSetters.add(f -> f.apiLatency(d));
                    }
                    case "--cdn-latency-ms" -> {
                        Duration d = Duration.ofMillis(Long.parseLong(v));
                        faultSetters.add(f -> f.cdnLatency(d));
                    }
                    case "--api-error-rate" -> {
                        double r = Double.parseDouble(v);
                        faultSetters.add(f -> f.apiErrorRate(r, 500));
                    }
                    case "--cdn-error-rate" -> {
                        double r = Double.parseDouble(v);
                        faultSetters.add(f -> f.cdnErrorRate(r));
                    }
                    case "--truncate-rate" -> truncateRate = Double.parseDouble(v);
                    case "--truncate-mode" -> truncateMode = switch (v) {
                        case "close" -> Faults.TruncateMode.CLOSE_EARLY;
                        case "short" -> Faults.TruncateMode.SHORT_BODY;
                        default -> throw new IllegalArgumentException("--truncate-mode is close or short");
                    };
                    case "--hostile-every" -> {
                        int n = Integer.parseInt(v);
                        faultSetters.add(f -> f.hostileRecords(n));
                    }
                    case "--rate-limit-per-minute" -> {
                        int n = Integer.parseInt(v);
                        faultSetters.add(f -> f.rateLimitPerMinute(n));
                    }
                    case "--warm" -> warm.addAll(List.of(v.split(",")));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.err.print(USAGE.formatted(FakeMapillary.DEFAULT_TOKEN));
            System.exit(2);
            return;
        }

        FakeMapillary fake = FakeMapillary.start(options);
        users.forEach(fake::addUser);
        faultSetters.forEach(setter -> setter.accept(fake.faults()));
        if (truncateRate > 0) {
            fake.faults().truncateRate(truncateRate, truncateMode);
        }
        if (!warm.isEmpty()) {
            fake.warmUp(warm.toArray(String[]::new));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fake.close();
            stopped.countDown();
        }, "fake-mapillary-stop"));
        PrintStream out = System.out;
        for (SyntheticUser u : users) {
            System.err.println("user " + u.username() + ": " + u.count() + " images, " + u.sequenceCount()
                    + " sequences, seed " + u.seed());
        }
        out.println("MAPILLARY_API_URL=" + fake.apiUrl());
        out.println("MAPILLARY_CDN_URL=" + fake.cdnUrl());
        out.println("MAPILLARY_TOKEN=" + fake.token());
        out.flush();
        stopped.await();
    }

    private static SyntheticUser user(String spec, SyntheticUser.Options userOptions) {
        String[] parts = spec.split(":");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("--user wants NAME:COUNT[:SEED], got " + spec);
        }
        long seed = parts.length == 3 ? Long.parseLong(parts[2]) : 1;
        return SyntheticUser.generate(parts[0], Integer.parseInt(parts[1]), seed, userOptions);
    }
}
