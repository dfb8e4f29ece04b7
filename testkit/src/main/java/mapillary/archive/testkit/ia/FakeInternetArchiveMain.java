package mapillary.archive.testkit.ia;

import java.util.concurrent.CountDownLatch;

/**
 * Runs {@link FakeInternetArchive} as its own process for the local run, e2e tests and benchmarks. Flags:
 * {@code --port N --s3-port N --access-key K --secret-key S --seed-items N --no-content}. Prints
 * {@code IA_URL=...} and {@code IA_S3_URL=...} when ready; stops on SIGTERM.
 */
public final class FakeInternetArchiveMain {

    private FakeInternetArchiveMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        FakeInternetArchive.Options options = FakeInternetArchive.Options.defaults();
        String access = null;
        String secret = null;
        int seed = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> options = options.withPort(Integer.parseInt(value(args, ++i, a)));
                case "--s3-port" -> options = options.withS3Port(Integer.parseInt(value(args, ++i, a)));
                case "--access-key" -> access = value(args, ++i, a);
                case "--secret-key" -> secret = value(args, ++i, a);
                case "--seed-items" -> seed = Integer.parseInt(value(args, ++i, a));
                case "--no-content" -> options = options.withStoreContent(false);
                case "--help", "-h" -> {
                    System.out.println("usage: FakeInternetArchiveMain [--port N] [--s3-port N] [--access-key K]"
                            + " [--secret-key S] [--seed-items N] [--no-content]");
                    return;
                }
                default -> {
                    System.err.println("unknown argument: " + a);
                    System.exit(2);
                }
            }
        }
        if (access != null || secret != null) {
            options = options.withCredentials(access != null ? access : FakeInternetArchive.DEFAULT_ACCESS_KEY,
                    secret != null ? secret : FakeInternetArchive.DEFAULT_SECRET_KEY);
        }
        FakeInternetArchive ia = FakeInternetArchive.start(options);
        if (seed > 0) {
            ia.seedItems(seed);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ia.close();
            stopped.countDown();
        }, "fake-ia-shutdown"));
        System.out.println("IA_URL=" + ia.url());
        System.out.println("IA_S3_URL=" + ia.s3Url());
        System.out.flush();
        stopped.await();
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            System.err.println("missing value for " + flag);
            System.exit(2);
        }
        return args[i];
    }
}
