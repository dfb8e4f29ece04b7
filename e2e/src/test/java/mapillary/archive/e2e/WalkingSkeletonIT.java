package mapillary.archive.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static mapillary.archive.e2e.HarvesterApi.count;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The walking skeleton across processes: one REST call harvests a synthetic user through Kafka into a finished
 * collection with one deterministic tar per capture date.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WalkingSkeletonIT {

    private static final String USER = "e2e-alice";
    private static final int IMAGES = 300;

    private Pipeline pipeline;
    private HarvesterApi harvester;

    @BeforeAll
    void start() {
        pipeline = new Pipeline("walking-skeleton", List.of("--user", USER + ":" + IMAGES + ":7"));
        harvester = new HarvesterApi(pipeline);
    }

    @AfterAll
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void harvestEndsDoneWithEveryImageInExactlyOneSortedTar() throws Exception {
        JsonNode harvest = harvester.start("{\"username\":\"" + USER + "\",\"quality\":\"256\",\"webp\":true}");
        String id = harvest.get("id").asText();
        String collection = harvest.get("collection").asText();
        assertThat(collection).isEqualTo("mapillary-" + USER + "-256-webp");

        JsonNode done = harvester.awaitStatus(id, "DONE", Duration.ofMinutes(4));

        Path output = pipeline.output(collection);
        assertThat(output.resolve("metadata.jsonl.gz")).exists();
        assertThat(pipeline.staging(collection)).doesNotExist();

        FinishedCollection finished = new FinishedCollection(output);
        Map<String, String> expected = finished.expectedDates("thumb_256_url");
        assertThat(finished.records).as("every listed record is in metadata.jsonl.gz once").hasSize(IMAGES);
        assertThat(expected).hasSizeGreaterThan(IMAGES / 2);
        long dates = expected.values().stream().distinct().count();
        assertThat(dates).as("several capture dates").isGreaterThan(2);
        assertThat(finished.tars).as("one tar per date").hasSize((int) dates);

        finished.tars.forEach((tar, entries) -> {
            assertThat(entries).as("entries of " + tar.getFileName()).allSatisfy(e -> {
                assertThat(e.file()).as(e.name()).isTrue();
                assertThat(e.uid()).isZero();
                assertThat(e.gid()).isZero();
                assertThat(e.name()).startsWith(e.tarDate() + "/").endsWith(".webp");
            });
            assertThat(entries.stream().map(FinishedCollection.Entry::name).toList())
                    .as("entries of " + tar.getFileName()).isSortedAccordingTo(String::compareTo);
        });
        assertThat(finished.misplaced(expected)).as("entries in the wrong date's tar").isEmpty();
        assertThat(finished.timesArchived().keySet()).as("archived images").isEqualTo(expected.keySet());
        assertThat(finished.timesArchived().values()).as("each image in exactly one tar").containsOnly(1);
        assertThat(finished.dateDirectories()).as("no date directory left beside the tars").isEmpty();

        String description = Files.readString(output.resolve(".meta/description/0"));
        assertThat(description).contains("Contains " + String.format("%,d", expected.size()) + " images");

        assertThat(count(done, "listed")).isEqualTo(expected.size());
        assertThat(count(done, "fetched")).isEqualTo(expected.size());
        assertThat(count(done, "failed")).isZero();
    }
}
