package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static mapillary.archive.e2e.HarvesterApi.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety across processes: SIGKILLing the fetcher mid-harvest and the archiver afterwards, then starting them
 * again, still ends DONE with every image in exactly one tar and no temp files or date directories left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KillAndRestartIT {

    private static final String USER = "e2e-crash";
    private static final int IMAGES = 600;

    private Pipeline pipeline;
    private HarvesterApi harvester;

    @BeforeAll
    void start() {
        pipeline = new Pipeline("kill-and-restart",
                List.of("--user", USER + ":" + IMAGES + ":11", "--cdn-latency-ms", "50"));
        harvester = new HarvesterApi(pipeline);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void killedFetcherAndArchiverLoseAndDuplicateNothing() throws Exception {
        JsonNode harvest = harvester.start("{\"username\":\"" + USER + "\",\"quality\":\"256\",\"webp\":false}");
        String id = harvest.get("id").asText();
        String collection = harvest.get("collection").asText();

        JsonNode midway = harvester.await(id, h -> {
            long listed = count(h, "listed");
            long fetched = count(h, "fetched");
            if (listed > 0 && fetched > 0.70 * listed || !Set.of("LISTING", "FETCHING").contains(h.get("status").asText())) {
                throw new AssertionError("missed the window to kill the fetcher: " + h + pipeline.logs());
            }
            return listed > 0 && fetched >= 0.10 * listed;
        }, "10% fetched", Duration.ofMinutes(4), 100);
        pipeline.kill("fetcher");
        Thread.sleep(1000);
        pipeline.restart("fetcher");

        JsonNode afterFetcher = harvester.get(id);
        assertThat(afterFetcher.get("status").asText()).as("still running after the fetcher restart: " + afterFetcher
                + " (killed at " + midway + ")").isNotEqualTo("DONE");
        pipeline.kill("archiver");
        Thread.sleep(1000);
        pipeline.restart("archiver");

        JsonNode done = harvester.awaitStatus(id, "DONE", Duration.ofMinutes(6));

        Path output = pipeline.output(collection);
        assertThat(output.resolve("metadata.jsonl.gz")).exists();
        assertThat(pipeline.staging(collection)).doesNotExist();

        FinishedCollection finished = new FinishedCollection(output);
        Map<String, String> expectedDate = finished.expectedDates("thumb_256_url");
        assertThat(finished.records).as("every listed record is in metadata.jsonl.gz once").hasSize(IMAGES);
        Set<String> expected = expectedDate.keySet();
        assertThat(expected).hasSizeGreaterThan(IMAGES / 2);
        finished.tars.forEach((tar, entries) -> assertThat(entries).allSatisfy(e -> {
            assertThat(e.file()).as(e.name()).isTrue();
            assertThat(e.name()).as("entry of " + tar.getFileName()).startsWith(e.tarDate() + "/").endsWith(".jpg");
        }));

        Map<String, Integer> seen = finished.timesArchived();
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen.keySet());
        Set<String> extra = new HashSet<>(seen.keySet());
        extra.removeAll(expected);
        Map<String, Integer> duplicated = new java.util.HashMap<>(seen);
        duplicated.values().removeIf(n -> n == 1);
        assertThat(missing).as("images missing from every tar" + pipeline.logs()).isEmpty();
        assertThat(extra).as("archived images not in metadata").isEmpty();
        assertThat(duplicated).as("images in more than one tar entry").isEmpty();
        assertThat(finished.misplaced(expectedDate)).as("entries in the wrong date's tar").isEmpty();

        assertThat(finished.dateDirectories()).as("no date directory left beside the tars").isEmpty();
        assertThat(FinishedCollection.hiddenTempFiles(output)).as("temp files in the output collection").isEmpty();
        assertThat(FinishedCollection.hiddenTempFiles(pipeline.dataDir.resolve("staging"))).as("temp files in staging")
                .isEmpty();

        assertThat(count(done, "listed")).as(done.toString()).isEqualTo(expected.size());
        assertThat(count(done, "fetched")).as(done.toString()).isEqualTo(expected.size());
        assertThat(count(done, "failed")).as(done.toString()).isZero();
    }
}
