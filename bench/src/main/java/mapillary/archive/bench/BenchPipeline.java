package mapillary.archive.bench;

import mapillary.archive.testkit.kafka.KafkaBroker;
import mapillary.archive.testkit.process.ManagedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The system under measurement as separate processes on this machine: a real broker, the fake Mapillary (and fake
 * IA) as testkit mains, and the packaged services ({@code java -jar <module>/target/quarkus-app/quarkus-run.jar}).
 */
public final class BenchPipeline implements AutoCloseable {

    /**
     * JVM options of a service whose image sizes its heap from the container (the same as the e2e tests'); a service
     * whose image sets explicit memory flags (the fetcher) runs with those, see {@link ContainerJvm}.
     */
    public static final List<String> SERVICE_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

    private final Path root;
    private final Path work;
    private final Path logs;
    private final Path dataDir;
    private final KafkaBroker broker;
    private final ManagedProcess mapillary;
    private final Map<String, String> baseEnv = new LinkedHashMap<>();
    private final Map<String, ManagedProcess> services = new LinkedHashMap<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /**
     * Starts the broker, the fakes and {@code services} (module names; "fetcher" may repeat) and waits until every
     * service is ready.
     */
    public BenchPipeline(Path root, Path work, List<String> fakeMapillaryArgs, boolean withIa, List<String> services) {
        this.root = root;
        this.work = work;
        this.logs = work.resolve("logs");
        this.dataDir = work.resolve("data");
        try {
            broker = KafkaBroker.start();
            toClose.add(broker);
            mapillary = ManagedProcess.startTestkitMain(root, "fake-mapillary",
                    "mapillary.archive.testkit.mapillary.FakeMapillaryMain", fakeMapillaryArgs, work, logs);
            toClose.add(mapillary);
            baseEnv.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            baseEnv.put("ARCHIVE_DATA_DIR", dataDir.toString());
            baseEnv.put("MAPILLARY_API_URL", mapillary.awaitAnnouncement("MAPILLARY_API_URL", Duration.ofMinutes(3)));
            baseEnv.put("MAPILLARY_TOKEN", mapillary.awaitAnnouncement("MAPILLARY_TOKEN", Duration.ofSeconds(10)));
            if (withIa) {
                ManagedProcess ia = ManagedProcess.startTestkitMain(root, "fake-ia",
                        "mapillary.archive.testkit.ia.FakeInternetArchiveMain", List.of(), work, logs);
                toClose.add(ia);
                baseEnv.put("IA_URL", ia.awaitAnnouncement("IA_URL", Duration.ofSeconds(90)));
                baseEnv.put("IA_S3_URL", ia.awaitAnnouncement("IA_S3_URL", Duration.ofSeconds(10)));
                this.services.put("fake-ia", ia);
            }
            List<String> started = new ArrayList<>();
            for (String module : services) {
                started.add(startService(module));
            }
            for (String name : started) {
                awaitReady(name);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Starts one more process of {@code module} (e.g. a second fetcher) and returns its name. */
    public String startService(String module) {
        Path jar = root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw -B -DskipTests package first");
        }
        int n = 1;
        while (services.containsKey(module + "-" + n)) {
            n++;
        }
        String name = module + "-" + n;
        int port = freePort();
        ContainerJvm jvm = ContainerJvm.of(root, module, SERVICE_JVM);
        List<String> options = new ArrayList<>(jvm.options());
        String jfrDir = System.getenv("BENCH_JFR");
        if (jfrDir != null && !jfrDir.isBlank()) { // profile every service: BENCH_JFR=<dir> scripts/bench.sh ...
            options.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfrDir).toAbsolutePath().resolve(name + "-" + System.nanoTime() + ".jfr"));
        }
        Map<String, String> env = new LinkedHashMap<>(jvm.env());
        env.putAll(baseEnv);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        ManagedProcess p = ManagedProcess.startJava(name, options, List.of("-jar", jar.toString()), env, work,
                logs.resolve(name + ".log"));
        toClose.add(p);
        services.put(name, p);
        urls.put(name, "http://127.0.0.1:" + port);
        return name;
    }

    /** Waits for {@code /q/health/ready} of a started service. */
    public void awaitReady(String name) {
        services.get(name).awaitHttpOk(urls.get(name) + "/q/health/ready", Duration.ofMinutes(3));
    }

    /** The base URL of a service process, e.g. {@code url("harvester-1")}. */
    public String url(String name) {
        return urls.get(name);
    }

    /** Every measured process by name, services and fakes, plus the broker as "kafka". */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("kafka", broker.pid());
        pids.put("fake-mapillary", mapillary.pid());
        services.forEach((name, p) -> pids.put(name, p.pid()));
        return pids;
    }

    /** The names of the service processes (without the fakes). */
    public List<String> serviceNames() {
        return services.keySet().stream().filter(n -> !n.startsWith("fake-")).toList();
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path work() {
        return work;
    }

    /** The tail of every process's log, for an error message. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        sb.append("\n--- fake-mapillary ---\n").append(mapillary.logTail(10));
        services.forEach((n, p) -> sb.append("\n--- ").append(n).append(" ---\n").append(p.logTail(25)));
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
        toClose.clear();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
