package mapillary.archive.e2e;

import mapillary.archive.testkit.kafka.KafkaBroker;
import mapillary.archive.testkit.mapillary.FakeMapillary;
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
    final ManagedProcess mapillary; // null when the fake runs in the test JVM
    final ManagedProcess ia;
    final Map<String, ManagedProcess> services = new HashMap<>();
    final Map<String, String> urls = new HashMap<>();
    private final Map<String, Map<String, String>> envs = new HashMap<>();
    private final Path logs;
    final String mapillaryApiUrl;
    final String iaUrl;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    Pipeline(String name, List<String> fakeMapillaryArgs) {
        this(name, fakeMapillaryArgs, List.of(), Map.of());
    }

    /** Like {@link #Pipeline(String, List)}, with arguments for the fake IA and extra environment for every service. */
    Pipeline(String name, List<String> fakeMapillaryArgs, List<String> fakeIaArgs, Map<String, String> serviceEnv) {
        this(name, fakeMapillaryArgs, null, fakeIaArgs, serviceEnv);
    }

    /** The services against a fake Mapillary run inside the test JVM, so the test can inject faults at any moment. */
    Pipeline(String name, FakeMapillary inProcess, Map<String, String> serviceEnv) {
        this(name, null, inProcess, List.of(), serviceEnv);
    }

    private Pipeline(String name, List<String> fakeMapillaryArgs, FakeMapillary inProcess, List<String> fakeIaArgs,
                     Map<String, String> serviceEnv) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        work = Path.of(System.getProperty("testkit.work.dir", "target/testkit-work")).toAbsolutePath()
                .resolve(name + "-" + stamp);
        dataDir = work.resolve("data");
        logs = work.resolve("logs");
        broker = KafkaBroker.start();
        toClose.add(broker);
        if (inProcess == null) {
            mapillary = ManagedProcess.startTestkitMain(root, "fake-mapillary",
                    "mapillary.archive.testkit.mapillary.FakeMapillaryMain", fakeMapillaryArgs, work, logs);
            toClose.add(mapillary);
        } else {
            mapillary = null;
        }
        ia = ManagedProcess.startTestkitMain(root, "fake-ia", "mapillary.archive.testkit.ia.FakeInternetArchiveMain",
                fakeIaArgs, work, logs);
        toClose.add(ia);
        mapillaryApiUrl = inProcess != null ? inProcess.apiUrl()
                : mapillary.awaitAnnouncement("MAPILLARY_API_URL", Duration.ofSeconds(60));
        String token = inProcess != null ? inProcess.token()
                : mapillary.awaitAnnouncement("MAPILLARY_TOKEN", Duration.ofSeconds(10));
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
            env.putAll(serviceEnv);
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

    /** The harvester's API key, when the services were started with one. */
    String apiKey() {
        return envs.get("harvester").get("HARVESTER_API_KEY");
    }

    /** The directory holding every process's log. */
    Path logDir() {
        return logs;
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
        for (ManagedProcess p : mapillary == null ? List.of(ia) : List.of(mapillary, ia)) {
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
