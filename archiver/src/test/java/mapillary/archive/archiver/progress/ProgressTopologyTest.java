package mapillary.archive.archiver.progress;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.event.HarvestEvent;
import mapillary.archive.common.event.HarvestProgress;
import mapillary.archive.common.event.ImageResult;
import mapillary.archive.common.kafka.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tracking topology's logic: dedupe, any arrival order, redelivery, cancel then re-harvest, bad records. */
class ProgressTopologyTest {

    private static final String C = "mapillary-alice-1024";
    private static final String OTHER = "mapillary-bob-1024";

    @TempDir
    Path state;

    private TopologyTestDriver driver;
    private TestInputTopic<String, ImageResult> results;
    private TestInputTopic<String, HarvestEvent> events;
    private TestInputTopic<String, byte[]> rawEvents;
    private TestOutputTopic<String, HarvestProgress> progress;

    @BeforeEach
    void setUp() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "archiver-tracking-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        driver = new TopologyTestDriver(ProgressTopology.build(Duration.ofSeconds(1)), p);
        results = driver.createInputTopic(Topics.IMAGE_RESULTS, new StringSerializer(),
                JsonSerde.of(ImageResult.class).serializer());
        events = driver.createInputTopic(Topics.HARVEST_EVENTS, new StringSerializer(),
                JsonSerde.of(HarvestEvent.class).serializer());
        rawEvents = driver.createInputTopic(Topics.HARVEST_EVENTS, new StringSerializer(), new ByteArraySerializer());
        progress = driver.createOutputTopic(Topics.HARVEST_PROGRESS, new StringDeserializer(),
                JsonSerde.of(HarvestProgress.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        driver.close();
    }

    private static ImageResult result(String harvest, String id, ImageResult.Status status) {
        String collection = harvest.startsWith("b") ? OTHER : C;
        return new ImageResult(1, harvest, collection, id, "2024-01-01", status,
                status == ImageResult.Status.OK ? 100 : 0, 90, "2024-01-01/s/" + id + ".jpg", null, 1);
    }

    private void send(ImageResult... rs) {
        for (ImageResult r : rs) {
            results.pipeInput(r.collection(), r);
        }
    }

    private void started(String harvest) {
        events.pipeInput(C, HarvestEvent.started(harvest, C, "alice", Quality.Q1024, false, true));
    }

    private void listed(String harvest, long total) {
        events.pipeInput(C, HarvestEvent.listed(harvest, C, "alice", Quality.Q1024, false, true, total,
                Map.of("2024-01-01", total)));
    }

    /** The snapshots published after one more second of wall-clock time. */
    private List<HarvestProgress> tick() {
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        return progress.readValuesToList();
    }

    @Test
    void eachImageCountsOnceAndAnOkBeatsAFailed() {
        started("h1");
        send(result("h1", "1", ImageResult.Status.OK), result("h1", "1", ImageResult.Status.OK),
                result("h1", "2", ImageResult.Status.FAILED), result("h1", "2", ImageResult.Status.OK),
                result("h1", "3", ImageResult.Status.FAILED), result("h1", "3", ImageResult.Status.FAILED),
                result("h1", "1", ImageResult.Status.FAILED));
        listed("h1", 3);

        assertThat(tick()).singleElement().satisfies(s -> {
            assertThat(s.collection()).isEqualTo(C);
            assertThat(s.harvestId()).isEqualTo("h1");
            assertThat(s.listed()).isEqualTo(3);
            assertThat(s.fetched()).isEqualTo(2);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.bytes()).isEqualTo(200);
            assertThat(s.done()).isEqualTo(3);
        });
    }

    @Test
    void resultsBeforeTheListingAndTheListingBeforeStartedAddUpTheSame() {
        send(result("h1", "1", ImageResult.Status.OK), result("h1", "2", ImageResult.Status.SKIPPED));
        listed("h1", 3);
        started("h1");
        send(result("h1", "3", ImageResult.Status.OK));

        assertThat(tick()).singleElement().satisfies(s -> {
            assertThat(s.listed()).isEqualTo(3);
            assertThat(s.fetched()).isEqualTo(2);
            assertThat(s.skipped()).isEqualTo(1);
        });
    }

    @Test
    void snapshotsGoOutAtMostOnceASecondAndOnlyAfterAChange() {
        started("h1");
        listed("h1", 1000);
        tick();
        for (int i = 0; i < 500; i++) {
            send(result("h1", Integer.toString(i), ImageResult.Status.OK));
        }
        driver.advanceWallClockTime(Duration.ofMillis(400));
        assertThat(progress.readValuesToList()).isEmpty();
        assertThat(tick()).singleElement().satisfies(s -> assertThat(s.fetched()).isEqualTo(500));
        assertThat(tick()).as("nothing changed").isEmpty();
        send(result("h1", "1", ImageResult.Status.OK));
        assertThat(tick()).as("a redelivery changes nothing").isEmpty();
    }

    @Test
    void aNewHarvestAfterACancelCountsFromZeroAndTheOldOnesStragglersAreNotPublished() {
        started("h1");
        listed("h1", 3);
        send(result("h1", "1", ImageResult.Status.OK), result("h1", "2", ImageResult.Status.OK));
        events.pipeInput(C, HarvestEvent.ended(HarvestEvent.Type.CANCELLED, "h1", C, "cancelled by request"));
        tick();

        started("h2");
        send(result("h2", "1", ImageResult.Status.OK), result("h1", "3", ImageResult.Status.SKIPPED));
        assertThat(tick()).singleElement().satisfies(s -> {
            assertThat(s.harvestId()).isEqualTo("h2");
            assertThat(s.listed()).isEqualTo(-1);
            assertThat(s.fetched()).isEqualTo(1);
            assertThat(s.skipped()).isZero();
        });
    }

    @Test
    void theResultThatCompletesAHarvestSendsItsSnapshotAtOnce() {
        started("h1");
        listed("h1", 2);
        send(result("h1", "1", ImageResult.Status.OK));
        assertThat(progress.readValuesToList()).as("not complete: waits for the tick").isEmpty();
        send(result("h1", "2", ImageResult.Status.FAILED));
        assertThat(progress.readValuesToList()).singleElement().satisfies(s -> {
            assertThat(s.done()).isEqualTo(2);
            assertThat(s.listed()).isEqualTo(2);
        });
        assertThat(tick()).as("already sent").isEmpty();
    }

    @Test
    void collectionsAreCountedApart() {
        started("h1");
        events.pipeInput(OTHER, HarvestEvent.started("b1", OTHER, "bob", Quality.Q1024, false, true));
        send(result("h1", "1", ImageResult.Status.OK), result("b1", "1", ImageResult.Status.FAILED));

        assertThat(tick()).extracting(HarvestProgress::collection, HarvestProgress::fetched, HarvestProgress::failed)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(C, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(OTHER, 0L, 1L));
    }

    @Test
    void badRecordsAreDroppedAndTheTopologyGoesOn() {
        rawEvents.pipeInput(C, "{not json".getBytes(StandardCharsets.UTF_8));
        rawEvents.pipeInput(C, ("{\"v\":1,\"type\":\"LISTED\",\"harvestId\":\"h1\",\"collection\":\"" + C
                + "\",\"total\":1,\"perDate\":{\"../VICTIM\":1}}").getBytes(StandardCharsets.UTF_8));
        rawEvents.pipeInput(C, ("{\"v\":1,\"type\":\"LISTED\",\"harvestId\":\"h1\",\"collection\":\"" + C
                + "\",\"total\":1,\"perDate\":{\"2024-01-01\":null}}").getBytes(StandardCharsets.UTF_8));
        rawEvents.pipeInput(C, ("{\"v\":1,\"type\":\"EXPLODED\",\"harvestId\":\"h1\",\"collection\":\"" + C + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        events.pipeInput(C, HarvestEvent.started("../h", C, "alice", Quality.Q1024, false, true));
        send(new ImageResult(1, "h1", "../../etc", "1", "2024-01-01", ImageResult.Status.OK, 1, 1, "x", null, 1),
                new ImageResult(1, "h1", C, "../1", "2024-01-01", ImageResult.Status.OK, 1, 1, "x", null, 1),
                new ImageResult(1, "h1", C, "1", "../x", ImageResult.Status.OK, 1, 1, "x", null, 1));
        assertThat(tick()).isEmpty();

        listed("h1", 1);
        send(result("h1", "1", ImageResult.Status.OK));
        assertThat(tick()).singleElement().satisfies(s -> assertThat(s.done()).isEqualTo(1));
    }

    @Test
    void theDocsPrintTheTopologyAsItIs() throws Exception {
        String described = ProgressTopology.build(Duration.ofSeconds(1)).describe().toString().strip();
        String docs = java.nio.file.Files.readString(Path.of("..", "docs", "tracking.md"));
        assertThat(docs).as("docs/tracking.md must hold Topology.describe():%n%s", described).contains(described);
    }

    @Test
    void topicsWithDifferentPartitionCountsAreRefusedWithTheReason() {
        CoPartitioning.check(6, 6);
        assertThatThrownBy(() -> CoPartitioning.check(6, 3)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mapillary.image-results has 6 partitions and mapillary.harvest-events has 3");
    }
}
