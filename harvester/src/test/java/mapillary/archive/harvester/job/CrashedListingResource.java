package mapillary.archive.harvester.job;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.Json;
import mapillary.archive.harvester.mapillary.ImagesQuery;
import mapillary.archive.harvester.mapillary.Page;
import mapillary.archive.harvester.mapillary.PageParser;
import mapillary.archive.harvester.mapillary.RawRecord;
import mapillary.archive.harvester.storage.HarvestState;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import mapillary.archive.testkit.mapillary.SyntheticUser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Leaves a data dir as a harvester killed in mid-listing would: page 1 listed and its cursor saved, page 2 cut
 * short (40 records and a torn line, the tasks of its first 20 acknowledged), harvest.json LISTING; plus a
 * finished harvest in output/, and a harvest killed while FETCHING whose result log holds more than its (older)
 * harvest.json. Upload is configured (IA keys).
 */
public class CrashedListingResource implements QuarkusTestResourceLifecycleManager {

    /** What the crash left behind, for the test's assertions. */
    public record Scenario(String harvestId, String doneHarvestId, String collection, Path dataDir,
                           List<String> page1Ids, List<String> page2Ids, String fetchingHarvestId,
                           String fetchingCollection, String republishHarvestId, String republishCollection,
                           List<String> allIds, int republishedBefore) {
    }

    /** The FETCHING harvest's result log: ids 1 (OK, 1000 B), 2 (FAILED), 3 (OK, 500 B), then a torn line. */

    public static final String USER = "resumer";
    static final int REPUBLISHED_BEFORE = 230;
    private FakeMapillary fake;
    private Scenario scenario;

    @Override
    public Map<String, String> start() {
        try {
            fake = FakeMapillary.start();
            fake.addUser(SyntheticUser.generate(USER, 500, 99));
            Path data = Path.of("target", "harvester-test-data", "crash-" + UUID.randomUUID()).toAbsolutePath();
            String collection = "mapillary-" + USER + "-original-webp";
            Path dir = data.resolve("staging").resolve(collection);
            Files.createDirectories(dir);
            Page p1 = fetch(ImagesQuery.firstPage(fake.apiUrl(), USER, Quality.ORIGINAL, 100, null));
            Page p2 = fetch(p1.next());
            ByteArrayOutputStream meta = new ByteArrayOutputStream();
            for (RawRecord r : p1.records()) {
                meta.write(r.json());
                meta.write('\n');
            }
            for (RawRecord r : p2.records().subList(0, 40)) {
                meta.write(r.json());
                meta.write('\n');
            }
            byte[] torn = p2.records().get(40).json();
            meta.write(torn, 0, torn.length / 2);
            // a forced re-harvest of a collection listed completely before, killed while re-publishing: the
            // tasks of its first 230 metadata lines were acknowledged
            List<RawRecord> all = new ArrayList<>(p1.records());
            all.addAll(p2.records());
            for (String next = p2.next(); next != null; ) {
                Page p = fetch(next);
                all.addAll(p.records());
                next = p.next();
            }
            String republishCollection = "mapillary-" + USER + "-original";
            Path republishDir = data.resolve("staging").resolve(republishCollection);
            Files.createDirectories(republishDir);
            ByteArrayOutputStream full = new ByteArrayOutputStream();
            for (RawRecord r : all) {
                full.write(r.json());
                full.write('\n');
            }
            full.write("{\"__complete__\": true}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Files.write(republishDir.resolve("metadata.jsonl"), full.toByteArray());
            String republishId = "republish-" + UUID.randomUUID();
            Files.writeString(republishDir.resolve(".republish-cursor"), republishId + " " + REPUBLISHED_BEFORE);
            Instant then = Instant.now();
            Files.write(republishDir.resolve("harvest.json"), Json.MAPPER.writeValueAsBytes(new HarvestState(1,
                    republishId, republishCollection, USER, "original", false, null, true, "LISTING", null, 0, 0,
                    0, 0, 0, 0, then, then, null, null)));
            fake.requests().clear();
            Files.write(dir.resolve("metadata.jsonl"), meta.toByteArray());
            Files.writeString(dir.resolve(".api_cursor"), p1.next());
            StringBuilder acked = new StringBuilder();
            p2.records().subList(0, 20).forEach(r -> acked.append(r.id()).append('\n'));
            Files.writeString(dir.resolve(".listing-published"), acked + "123");
            Instant now = Instant.now();
            String id = "crashed-" + UUID.randomUUID();
            Files.write(dir.resolve("harvest.json"), Json.MAPPER.writeValueAsBytes(new HarvestState(1, id,
                    collection, USER, "original", true, null, true, "LISTING", null, 100, 0, 0, 0, 0, 0, now, now,
                    null, null)));
            String doneId = "done-" + UUID.randomUUID();
            Path out = data.resolve("output").resolve("mapillary-" + USER + "-256");
            Files.createDirectories(out);
            Files.write(out.resolve("harvest.json"), Json.MAPPER.writeValueAsBytes(new HarvestState(1, doneId,
                    "mapillary-" + USER + "-256", USER, "256", false, null, true, "DONE", null, 500, 0, 0, 500, 0,
                    12345, now, now, now, now)));
            String fetchingId = "fetching-" + UUID.randomUUID();
            String fetchingCollection = "mapillary-" + USER + "-1024";
            Path fetching = data.resolve("staging").resolve(fetchingCollection);
            Files.createDirectories(fetching);
            // harvest.json was last saved after the first result only; the log is ahead of it
            Files.write(fetching.resolve("harvest.json"), Json.MAPPER.writeValueAsBytes(new HarvestState(1,
                    fetchingId, fetchingCollection, USER, "1024", false, null, true, "FETCHING", null, 5, 0, 0, 1, 0,
                    1000, now, now, now, null)));
            scenario = new Scenario(id, doneId, collection, data,
                    p1.records().stream().map(RawRecord::id).toList(),
                    p2.records().stream().map(RawRecord::id).toList(), fetchingId, fetchingCollection,
                    republishId, republishCollection, all.stream().map(RawRecord::id).toList(), REPUBLISHED_BEFORE);
            Map<String, String> config = new HashMap<>();
            config.put("mapillary.api-url", fake.apiUrl());
            config.put("mapillary.token", fake.token());
            config.put("mapillary.page-size", "100");
            config.put("mapillary.backoff-base", "10ms");
            config.put("archive.data-dir", data.toString());
            config.put("ia.url", "http://127.0.0.1:9");
            config.put("harvester.progress-interval", "200ms");
            return config;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private Page fetch(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "OAuth " + fake.token()).build(), HttpResponse.BodyHandlers.ofByteArray());
        return PageParser.parse(r.body());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(scenario, new TestInjector.MatchesType(Scenario.class));
        testInjector.injectIntoFields(fake, new TestInjector.MatchesType(FakeMapillary.class));
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.close();
        }
    }
}
