package mapillary.archive.harvester.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.testkit.kafka.KafkaBroker;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures (does not assert) listing throughput and heap of the packaged harvester for a big user: real broker,
 * fake Mapillary without latency, {@code java -Xmx256m -jar target/quarkus-app/quarkus-run.jar}. Skipped unless
 * {@code -Dbench=true}; package first:
 * <pre>
 * ./mvnw -B -q -o -pl harvester package -DskipTests
 * ./mvnw -B -o -pl harvester test -Dtest=ListingBenchTest -Dbench=true [-Dbench.images=1000000]
 * </pre>
 * Prints, and writes to {@code target/bench-listing.txt}, records/s into Kafka, heap used after a full GC at half
 * way and at the end, and RSS.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ListingBenchTest {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listABigUser() throws Exception {
        int images = Integer.getInteger("bench.images", 1_000_000);
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("package the harvester first").exists();
        Path data = Path.of("target", "bench-data", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(data);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        try (KafkaBroker broker = KafkaBroker.start(); FakeMapillary fake = FakeMapillary.start()) {
            fake.addUser(SyntheticUser.generate("big", images, 1));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-jar", jar.toString());
            pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            pb.environment().put("MAPILLARY_API_URL", fake.apiUrl());
            pb.environment().put("MAPILLARY_TOKEN", fake.token());
            pb.environment().put("ARCHIVE_DATA_DIR", data.toString());
            pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
            pb.redirectErrorStream(true).redirectOutput(Path.of("target", "bench-harvester.log").toFile());
            Process harvester = pb.start();
            try {
                awaitReady(base);
                long t0 = System.nanoTime();
                String id = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(base + "/harvests"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"big\",\"checkIa\":false}"))
                        .build())).get("id").asText();
                JsonNode h;
                long halfHeap = -1;
                long halfListed = 0;
                while (true) {
                    h = Json.MAPPER.readTree(send(HttpRequest.newBuilder(URI.create(base + "/harvests/" + id))
                            .build()));
                    if (!"LISTING".equals(h.get("status").asText())) {
                        break;
                    }
                    if (halfHeap < 0 && h.at("/counts/listed").asLong() >= images / 2) {
                        halfListed = h.at("/counts/listed").asLong();
                        halfHeap = heapAfterGc(harvester.pid());
                    }
                    Thread.sleep(200);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                long listed = h.at("/counts/listed").asLong();
                long endHeap = heapAfterGc(harvester.pid());
                String report = String.format(Locale.ROOT, """
                        listing benchmark: %,d images, status %s
                          listed %,d tasks in %.1f s (incl. a full GC at half way): %,.0f records/s
                          heap used after GC: %s at %,d listed, %,d KiB after listing (-Xmx256m)
                          RSS %s KiB, peak RSS %s KiB
                        """, images, h.get("status").asText(), listed, secs, listed / secs,
                        halfHeap < 0 ? "n/a" : String.format(Locale.ROOT, "%,d KiB", halfHeap), halfListed, endHeap,
                        procStatus(harvester.pid(), "VmRSS"), procStatus(harvester.pid(), "VmHWM"));
                System.out.println(report);
                Files.writeString(Path.of("target", "bench-listing.txt"), report);
                assertThat(h.get("status").asText()).isEqualTo("FETCHING");
                assertThat(listed + h.at("/counts/skipped").asLong() + h.at("/counts/rejected").asLong())
                        .isEqualTo(fake.user("big").orElseThrow().ids().size());
            } finally {
                harvester.destroy();
                if (!harvester.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    harvester.destroyForcibly();
                }
            }
        }
    }

    private void awaitReady(String base) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the harvester did not get ready; see target/bench-harvester.log");
    }

    private String send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
        return r.body();
    }

    /** {@code jcmd GC.run} then the "used" of {@code GC.heap_info}, in KiB. */
    private static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = USED.matcher(jcmd(pid, "GC.heap_info"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String procStatus(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).replace("kB", "").strip();
            }
        }
        return "n/a";
    }
}
