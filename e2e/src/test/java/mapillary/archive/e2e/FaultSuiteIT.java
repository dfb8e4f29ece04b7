package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static mapillary.archive.e2e.HarvesterApi.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * DESIGN §4 reliability across real processes: the same collection is harvested once without faults, once with
 * {@code kill -9} of the harvester mid-listing, of the fetcher with its downloads in flight and of the archiver while
 * it tars, and once across a broker stop/restart; every faulty run must end with tars byte-identical to the clean one.
 * The last test scans every log, file, Kafka record and HTTP answer of all runs for the secrets the services held.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIT {

    private static final String USER = "e2e-faults";
    private static final int IMAGES = 500;
    private static final String HARVEST = "{\"username\":\"" + USER + "\",\"quality\":\"256\",\"webp\":false,"
            + "\"force\":true}";

    private Pipeline pipeline;
    private HarvesterApi harvester;
    private Map<String, String> cleanTars;
    private final Map<String, Integer> faultsInjected = new HashMap<>();
    private String lastCollection = "";

    @BeforeAll
    void start() {
        pipeline = new Pipeline("fault-suite",
                List.of("--user", USER + ":" + IMAGES + ":5", "--token", Secrets.MAPILLARY_TOKEN,
                        "--api-latency-ms", "300", "--cdn-latency-ms", "1500"),
                List.of("--access-key", Secrets.IA_ACCESS_KEY, "--secret-key", Secrets.IA_SECRET_KEY),
                Map.of("MAPILLARY_PAGE_SIZE", "50", "HARVESTER_API_KEY", Secrets.API_KEY,
                        "IA_ACCESS_KEY", Secrets.IA_ACCESS_KEY, "IA_SECRET_KEY", Secrets.IA_SECRET_KEY));
        harvester = new HarvesterApi(pipeline);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        System.out.println("[fault-suite] faults injected: " + faultsInjected);
    }

    @Test
    @Order(1)
    void cleanRunIsTheReference() throws Exception {
        JsonNode harvest = harvester.start(HARVEST);
        JsonNode done = harvester.awaitStatus(harvest.get("id").asText(), "DONE", Duration.ofMinutes(4));
        cleanTars = finishAndSetAside(harvest.get("collection").asText(), done, "clean");
        assertThat(cleanTars).as("a 500-image user spreads over several dates").hasSizeGreaterThan(3);
    }

    @Test
    @Order(2)
    void killingEveryServiceMidHarvestChangesNoByte() throws Exception {
        JsonNode harvest = harvester.start(HARVEST);
        String id = harvest.get("id").asText();

        harvester.await(id, h -> {
            requireStatus(h, "LISTING", "the harvester's listing");
            return count(h, "listed") >= 100;
        }, "100 listed", Duration.ofMinutes(2), 50);
        restartAfterKill("harvester");

        harvester.await(id, h -> !"LISTING".equals(h.get("status").asText()), "listing done", Duration.ofMinutes(2),
                200);
        awaitInFlight(100);
        restartAfterKill("fetcher");

        harvester.await(id, h -> {
            requireStatus(h, "FETCHING", "the archiver's tarring");
            return count(h, "fetched") >= count(h, "listed") / 2;
        }, "half fetched", Duration.ofMinutes(2), 50);
        restartAfterKill("archiver");

        JsonNode done = harvester.awaitStatus(id, "DONE", Duration.ofMinutes(5));
        Map<String, String> tars = finishAndSetAside(harvest.get("collection").asText(), done, "kills");
        assertThat(tars).as("tar name -> sha256 after kill -9 of every service").isEqualTo(cleanTars);
    }

    @Test
    @Order(3)
    void brokerRestartMidHarvestChangesNoByte() throws Exception {
        JsonNode harvest = harvester.start(HARVEST);
        String id = harvest.get("id").asText();
        harvester.await(id, h -> count(h, "fetched") >= 50, "50 fetched", Duration.ofMinutes(2), 100);
        pipeline.broker.stop();
        Thread.sleep(5_000);
        pipeline.broker.restart();
        faultsInjected.merge("broker stop 5 s + restart", 1, Integer::sum);

        JsonNode done = harvester.awaitStatus(id, "DONE", Duration.ofMinutes(6));
        Map<String, String> tars = finishAndSetAside(harvest.get("collection").asText(), done, "broker");
        assertThat(tars).as("tar name -> sha256 after a broker restart").isEqualTo(cleanTars);
    }

    @Test
    @Order(4)
    void noSecretAppearsAnywhere() throws Exception {
        SecretScan scan = new SecretScan(Secrets.ALL);
        for (String service : Pipeline.SERVICES) {
            scan.file(pipeline.logDir().resolve(service + ".log"));
        }
        scan.tree(pipeline.dataDir);
        scan.kafka(pipeline.broker.bootstrapServers());
        for (String path : List.of("/harvests", "/q/health", "/q/metrics", "/q/openapi")) {
            scan.http(pipeline.url("harvester") + path, pipeline.apiKey());
        }
        for (String service : List.of("fetcher", "archiver", "stats")) {
            scan.http(pipeline.url(service) + "/q/health", null);
            scan.http(pipeline.url(service) + "/q/metrics", null);
        }
        scan.http(pipeline.url("stats") + "/stats", null);
        scan.http(pipeline.iaUrl + "/metadata/" + lastCollection, null);

        assertThat(scan.scanned()).as("what was scanned").containsKeys("log lines", "files", "kafka records",
                "http answers");
        assertThat(scan.scanned().get("kafka records")).as("records scanned").isGreaterThan(3 * IMAGES);
        assertThat(scan.hits()).as("secrets found (where: what)").isEmpty();
        System.out.println("[fault-suite] secret scan covered " + scan.scanned());
    }

    /** Checks the finished collection, moves it aside so the next run starts afresh, and returns tar -> sha256. */
    private Map<String, String> finishAndSetAside(String collection, JsonNode done, String run) throws Exception {
        lastCollection = collection;
        Path output = pipeline.output(collection);
        FinishedCollection finished = new FinishedCollection(output);
        Map<String, String> expectedDate = finished.expectedDates("thumb_256_url");
        assertThat(finished.records).as(run + ": every listed record once in metadata.jsonl.gz").hasSize(IMAGES);

        Map<String, Integer> seen = finished.timesArchived();
        Set<String> missing = new HashSet<>(expectedDate.keySet());
        missing.removeAll(seen.keySet());
        Map<String, Integer> duplicated = new HashMap<>(seen);
        duplicated.values().removeIf(n -> n == 1);
        assertThat(missing).as(run + ": images missing from every tar" + pipeline.logs()).isEmpty();
        assertThat(duplicated).as(run + ": images in more than one tar entry").isEmpty();
        assertThat(finished.misplaced(expectedDate)).as(run + ": entries in the wrong date's tar").isEmpty();
        assertThat(finished.dateDirectories()).as(run + ": date directories left beside the tars").isEmpty();
        assertThat(FinishedCollection.hiddenTempFiles(pipeline.dataDir)).as(run + ": temp files").isEmpty();
        assertThat(pipeline.staging(collection)).as(run + ": staging removed").doesNotExist();
        assertThat(count(done, "fetched")).as(run + ": " + done).isEqualTo(expectedDate.size());
        assertThat(count(done, "failed")).as(run + ": " + done).isZero();

        Map<String, String> sha = finished.tarDigests();
        Files.move(output, pipeline.dataDir.resolve("set-aside-" + run));
        return sha;
    }

    private void restartAfterKill(String service) {
        pipeline.kill(service);
        faultsInjected.merge("kill -9 " + service, 1, Integer::sum);
        pipeline.restart(service);
    }

    /** Waits until the fetcher reports at least {@code n} downloads in flight. */
    private void awaitInFlight(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        double last = 0;
        while (System.nanoTime() < deadline) {
            last = Metrics.gauge(pipeline.url("fetcher") + "/q/metrics", "fetcher_in_flight");
            if (last >= n) {
                return;
            }
            Thread.sleep(50);
        }
        fail("the fetcher never had " + n + " downloads in flight (last " + last + ")" + pipeline.logs());
    }

    private void requireStatus(JsonNode h, String status, String what) {
        if (!status.equals(h.get("status").asText())) {
            throw new AssertionError("missed the window for " + what + ": " + h + pipeline.logs());
        }
    }
}
