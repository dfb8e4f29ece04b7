package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.Faults;
import mapillary.archive.testkit.mapillary.RequestLog;
import mapillary.archive.testkit.mapillary.SyntheticUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static mapillary.archive.e2e.HarvesterApi.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §4 reliability against the faults the fakes inject (issue #8 items 3-4): throttling, server errors,
 * connection resets, truncated and HTML bodies, expired URLs, missing images and hostile records, each harvest
 * run through the four packaged services; every image must end archived or in {@code failed.jsonl} with the right
 * reason, and nothing may be written outside the collection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InjectedFaultsIT {

    private static final String FIELDS = FakeMapillary.ORIGINAL_FIELDS.replace("thumb_original_url", "thumb_256_url");

    private FakeMapillary fake;
    private Pipeline pipeline;
    private HarvesterApi harvester;
    private final Map<String, Long> injected = new TreeMap<>();

    @BeforeAll
    void start() {
        fake = FakeMapillary.start();
        pipeline = new Pipeline("injected-faults", fake, Map.of(
                "MAPILLARY_PAGE_SIZE", "50",
                "MAPILLARY_BACKOFF_BASE", "100ms",
                "FETCHER_DOWNLOAD_ATTEMPTS", "10",
                "FETCHER_DOWNLOAD_BACKOFF_BASE", "50ms",
                "FETCHER_DOWNLOAD_BACKOFF_CAP", "1s",
                "FETCHER_DOWNLOAD_REFRESHES_PER_SECOND", "200"));
        harvester = new HarvesterApi(pipeline);
    }

    @BeforeEach
    void noFaults() {
        fake.reset();
        fake.faults().clearRawRecords().hostileRecords(0);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
        if (fake != null) {
            fake.close();
        }
        System.out.println("[injected-faults] faults injected: " + injected);
    }

    @Test
    void listingThroughThrottlingAndServerErrorsLosesNothing() throws Exception {
        SyntheticUser user = user("faults-api", 300, 21);
        fake.faults().failNextApiRequests(3, 500).apiErrorRate(0.3, 502).rateLimitEveryNth(3, 1);

        Outcome outcome = harvest(user);

        tally("API 500 (3 in a row)", 3);
        tally("API 502 (30 % of requests)", status(RequestLog.Endpoint.IMAGES, 502));
        tally("API 429 + Retry-After: 1 (every 3rd)", status(RequestLog.Endpoint.IMAGES, 429));
        assertThat(status(RequestLog.Endpoint.IMAGES, 429)).as("throttled pages").isPositive();
        assertThat(outcome.failed).as("failed images").isEmpty();
        assertThat(outcome.archived).as("archived images").isEqualTo(outcome.expected);
    }

    @Test
    void downloadsThroughServerErrorsResetsAndHtmlPagesLoseNothing() throws Exception {
        SyntheticUser user = user("faults-cdn", 300, 22);
        String missing = user.id(10);
        String missingToo = user.id(20);
        String gone = user.id(30);
        fake.faults().failNextCdnRequests(20, 503).cdnErrorRate(0.1, 502)
                .truncateNextCdn(15, Faults.TruncateMode.CLOSE_EARLY).htmlPageNextCdn(10)
                .notFound(missing, missingToo).gone(gone);

        Outcome outcome = harvest(user);

        tally("CDN 503 (20 in a row)", 20);
        tally("CDN 502 (10 % of requests)", status(RequestLog.Endpoint.CDN, 502));
        tally("CDN connection closed mid-body", 15);
        tally("CDN 200 with an HTML error page", 10);
        tally("CDN 404 / 410 (image gone)", 3);
        assertThat(outcome.failed).as("failed images and reasons").containsOnlyKeys(missing, missingToo, gone);
        assertThat(outcome.failed.values()).allSatisfy(r -> assertThat(r).contains("HTTP 4").contains("gone"));
        Set<String> rest = new HashSet<>(outcome.expected);
        rest.removeAll(outcome.failed.keySet());
        assertThat(outcome.archived).as("every other image archived").isEqualTo(rest);
        assertThat(count(outcome.done, "failed")).as(outcome.done.toString()).isEqualTo(3);
    }

    @Test
    void expiredUrlsAndShortBodiesAreRefreshedAndRetried() throws Exception {
        SyntheticUser user = user("faults-expiry", 120, 23);
        pipeline.kill("fetcher");
        JsonNode harvest = harvester.start(body(user));
        String id = harvest.get("id").asText();
        harvester.await(id, h -> count(h, "listed") == user.count() && !"LISTING".equals(h.get("status").asText()),
                "listing done", Duration.ofMinutes(2), 200);
        fake.faults().expireAllUrlsNow().truncateNextCdn(15, Faults.TruncateMode.SHORT_BODY);
        pipeline.restart("fetcher");

        Outcome outcome = finish(harvest, user);

        long expired = status(RequestLog.Endpoint.CDN, 403);
        tally("CDN 403 URL signature expired (all URLs)", expired);
        tally("CDN body shorter than Content-Length", 15);
        assertThat(expired).as("expired URLs met").isGreaterThanOrEqualTo(user.count() / 2);
        assertThat(fake.requests().count(RequestLog.Endpoint.ENTITY)).as("URL refreshes").isGreaterThanOrEqualTo(
                expired);
        assertThat(outcome.failed).as("failed images").isEmpty();
        assertThat(outcome.archived).isEqualTo(outcome.expected);
    }

    @Test
    void hostileRecordsAreFailedOrCountedAndWriteNothingOutside() throws Exception {
        SyntheticUser user = user("faults-hostile", 150, 24);
        List<String> hostileIds = List.of("../../../../escaped-1", "x/../../../escaped-2", "nul\u0000escaped-3",
                "/tmp/escaped-4", "e".repeat(300), "..", ".", "");
        int index = 1;
        for (String hostileId : hostileIds) {
            raw(user, index++, r -> r.put("id", hostileId));
        }
        int badSequence = index;
        raw(user, index++, r -> r.put("sequence", "../../../escaped-5"));
        raw(user, index++, r -> r.put("sequence", "s".repeat(300)));
        raw(user, index++, r -> r.put("captured_at", -1));
        raw(user, index++, r -> r.put("captured_at", 9_000_000_000_000_000L));
        raw(user, index++, r -> r.putNull("captured_at"));
        raw(user, index++, r -> r.put("captured_at", "yesterday"));
        raw(user, index++, r -> geometry(r).add(12.5));
        raw(user, index++, r -> {
            ArrayNode c = geometry(r);
            c.removeAll();
            c.add("NaN").add("Infinity");
        });
        raw(user, index++, r -> r.put("unknown_field", "ignored").putObject("nested_unknown").put("a", 1));
        raw(user, index++, r -> r.put("make", "Ñikon \u202Eevil\u0000").put("model", "<script>"));
        int odd = index - 1;
        fake.faults().hostileRecords(25);

        JsonNode harvest = harvester.start(body(user));
        Outcome outcome = finish(harvest, user);

        tally("hostile ids (../, /, NUL, 300 chars, ., empty)", hostileIds.size() + user.count() / 25);
        tally("odd records (sequence, captured_at, geometry, unknown fields, make)", odd - hostileIds.size());
        List<String> escaped = new ArrayList<>();
        try (Stream<Path> s = Files.walk(pipeline.work.getParent())) {
            s.filter(p -> p.getFileName().toString().contains("escaped")).forEach(p -> escaped.add(p.toString()));
        }
        try (Stream<Path> s = Files.walk(Path.of("/tmp"), 1)) {
            s.filter(p -> p.getFileName().toString().contains("escaped")).forEach(p -> escaped.add(p.toString()));
        }
        assertThat(escaped).as("files written by hostile ids").isEmpty();
        outcome.tarEntries.forEach(name -> assertThat(name).as("tar entry")
                .doesNotContain("..").doesNotStartWith("/").doesNotContain("\u0000"));
        Set<String> rejected = new HashSet<>(outcome.expected);
        rejected.removeIf(i -> i.matches("[0-9]+"));
        assertThat(rejected).as("hostile ids listed").hasSize(hostileIds.size() + user.count() / 25);
        rejected.add(user.id(badSequence));
        rejected.add(user.id(badSequence + 1));
        Set<String> kept = new HashSet<>(outcome.expected);
        kept.removeAll(rejected);
        Set<String> archivedOrFailed = new HashSet<>(outcome.archived);
        archivedOrFailed.addAll(outcome.failed.keySet());
        assertThat(archivedOrFailed).as("every record with a safe id and sequence ends archived or failed, no other")
                .isEqualTo(kept);
        assertThat(count(outcome.done, "rejected")).as("records rejected (unsafe id or sequence): "
                + outcome.done).isEqualTo(rejected.size());
        assertThat(count(outcome.done, "badRecords")).as("rejected + repaired (captured_at huge, string)")
                .isEqualTo(rejected.size() + 2);
    }

    /** What a finished harvest left: the ids expected, archived (in a tar) and failed (with reason). */
    private record Outcome(JsonNode done, Set<String> expected, Set<String> archived, Map<String, String> failed,
                           List<String> tarEntries) {
    }

    private Outcome harvest(SyntheticUser user) throws Exception {
        return finish(harvester.start(body(user)), user);
    }

    private Outcome finish(JsonNode harvest, SyntheticUser user) throws Exception {
        JsonNode done = harvester.awaitStatus(harvest.get("id").asText(), "DONE", Duration.ofMinutes(5));
        Path output = pipeline.output(harvest.get("collection").asText());
        FinishedCollection finished = new FinishedCollection(output);
        assertThat(finished.records).as("every listed record in metadata.jsonl.gz").hasSize(user.count());
        Set<String> expected = finished.expectedDates("thumb_256_url").keySet();
        Set<String> archived = new HashSet<>(finished.timesArchived().keySet());
        assertThat(finished.timesArchived().values()).as("no image archived twice").allMatch(n -> n == 1);
        assertThat(FinishedCollection.hiddenTempFiles(pipeline.dataDir)).as("temp files").isEmpty();
        List<String> entries = new ArrayList<>();
        finished.tars.values().forEach(es -> es.forEach(e -> entries.add(e.name())));
        return new Outcome(done, expected, archived, failedList(output.resolve("failed.jsonl")), entries);
    }

    private static Map<String, String> failedList(Path file) throws Exception {
        Map<String, String> failed = new HashMap<>();
        if (!Files.exists(file)) {
            return failed;
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    JsonNode n = HarvesterApi.JSON.readTree(line);
                    failed.put(n.get("id").asText(), n.get("reason").asText());
                }
            }
        }
        return failed;
    }

    private SyntheticUser user(String name, int images, long seed) {
        SyntheticUser user = SyntheticUser.generate(name, images, seed);
        fake.addUser(user);
        return user;
    }

    private static String body(SyntheticUser user) {
        return "{\"username\":\"" + user.username() + "\",\"quality\":\"256\",\"webp\":false}";
    }

    /** Serves record {@code index} of {@code user} changed by {@code change}. */
    private void raw(SyntheticUser user, int index, java.util.function.Consumer<ObjectNode> change) throws Exception {
        ObjectNode r = (ObjectNode) HarvesterApi.JSON.readTree(fake.recordJson(user.id(index), FIELDS));
        change.accept(r);
        fake.faults().rawRecord(user.username(), index, HarvesterApi.JSON.writeValueAsString(r));
    }

    private static ArrayNode geometry(ObjectNode record) {
        ObjectNode g = record.has("geometry") && record.get("geometry").isObject() ? (ObjectNode) record.get("geometry")
                : record.putObject("geometry").put("type", "Point");
        return g.has("coordinates") && g.get("coordinates").isArray() ? (ArrayNode) g.get("coordinates")
                : g.putArray("coordinates").add(13.4).add(52.5);
    }

    private long status(RequestLog.Endpoint endpoint, int status) {
        return fake.requests().entries(endpoint).stream().filter(e -> e.status() == status).count();
    }

    private void tally(String fault, long times) {
        injected.merge(fault, times, Long::sum);
    }
}
