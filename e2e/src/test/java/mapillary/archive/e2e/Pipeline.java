package mapillary.archive.e2e;

import mapillary.archive.testkit.kafka.KafkaBroker;
import mapillary.archive.testkit.process.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The whole system as separate processes: a real broker, both fakes and the four packaged services. */
final class Pipeline implements AutoCloseable {

    static final List<String> SERVICES = List.of("harvester", "fetcher", "archiver", "stats");

    final Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    final Path work;
    final Path dataDir;
    final KafkaBroker broker;
    final ManagedProcess mapillary;
    final ManagedProcess ia;
    final Map<String, ManagedProcess> services = new HashMap<>();
    final Map<String, String> urls = new HashMap<>();
    private final Map<String, Map<String, String>> envs = new HashMap<>();
    private final Path logs;
    final String mapillaryApiUrl;
    final String iaUrl;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    Pipeline(String name, List<String> fakeMapillaryArgs) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work")).toAbsolutePath()
                .resolve(name + "-" + stamp);
        dataDir = work.resolve("data");
        logs = work.resolve("logs");
        broker = KafkaBroker.start();
        toClose.add(broker);
        mapillary = ManagedProcess.startTestkitMain(root, "fake-mapillary",
                "mapillary.archive.testkit.mapillary.FakeMapillaryMain", fakeMapillaryArgs, work, logs);
        toClose.add(mapillary);
        ia = ManagedProcess.startTestkitMain(root, "fake-ia", "mapillary.archive.testkit.ia.FakeInternetArchiveMain",
                List.of(), work, logs);
        toClose.add(ia);
        mapillaryApiUrl = mapillary.awaitAnnouncement("MAPILLARY_API_URL", Duration.ofSeconds(60));
        String token = mapillary.awaitAnnouncement("MAPILLARY_TOKEN", Duration.ofSeconds(10));
        iaUrl = ia.awaitAnnouncement("IA_URL", Duration.ofSeconds(60));
        String iaS3Url = ia.awaitAnnouncement("IA_S3_URL", Duration.ofSeconds(10));

        for (String service : SERVICES) {
            int port = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("ARCHIVE_DATA_DIR", dataDir.toString());
            env.put("MAPILLARY_TOKEN", token);
            env.put("MAPILLARY_API_URL", mapillaryApiUrl);
            env.put("IA_URL", iaUrl);
            env.put("IA_S3_URL", iaS3Url);
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            envs.put(service, Map.copyOf(env));
            ManagedProcess p = ManagedProcess.startService(root, service, env, work, logs);
            toClose.add(p);
            services.put(service, p);
            urls.put(service, "http://127.0.0.1:" + port);
        }
        for (String service : SERVICES) {
            services.get(service).awaitHttpOk(urls.get(service) + "/q/health/ready", Duration.ofSeconds(90));
        }
    }

    /** SIGKILLs a service, as a crash would. */
    void kill(String service) {
        services.get(service).kill();
    }

    /** Starts a service again with the same environment and port, and waits until it is ready. */
    void restart(String service) {
        ManagedProcess old = services.get(service);
        if (old.isAlive()) {
            old.kill();
        }
        ManagedProcess p = ManagedProcess.startService(root, service, envs.get(service), work, logs);
        toClose.add(p);
        services.put(service, p);
        p.awaitHttpOk(urls.get(service) + "/q/health/ready", Duration.ofSeconds(90));
    }

    String url(String service) {
        return urls.get(service);
    }

    Path output(String collection) {
        return dataDir.resolve("output").resolve(collection);
    }

    Path staging(String collection) {
        return dataDir.resolve("staging").resolve(collection);
    }

    /** Every process's log tail, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (ManagedProcess p : List.of(mapillary, ia)) {
            sb.append("\n--- ").append(p.name()).append(" ---\n").append(p.logTail(15));
        }
        for (String s : SERVICES) {
            sb.append("\n--- ").append(s).append(" ---\n").append(services.get(s).logTail(30));
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception ignored) {
                // keep closing the rest
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
