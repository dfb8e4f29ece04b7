package mapillary.archive.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static mapillary.archive.cli.StubServer.json;
import static mapillary.archive.cli.StubServer.problem;
import static org.assertj.core.api.Assertions.assertThat;

/** The harvest command against a real HTTP server that answers like the harvester. */
class HarvestCommandTest {

    private StubServer harvester;
    private final TestIo t = new TestIo();

    @BeforeEach
    void start() throws Exception {
        harvester = new StubServer();
    }

    @AfterEach
    void stop() {
        harvester.close();
    }

    private int harvest(String... args) throws InterruptedException {
        String[] all = new String[args.length + 5];
        all[0] = "harvest";
        all[1] = "--url=" + harvester.url();
        all[2] = "--progress=plain";
        all[3] = "--data-dir=/srv/archive";
        all[4] = "--quality=256";
        System.arraycopy(args, 0, all, 5, args.length);
        return t.run(all);
    }

    @Test
    void followsAHarvestToTheEndAndPrintsTheCollectionPath() throws Exception {
        harvester.on("POST /harvests", json(202, Harvests.json("h1", "alice", "LISTING", 0, 0, 0, 0, 0, null, null)))
                .on("GET /harvests/h1",
                        json(200, Harvests.json("h1", "alice", "FETCHING", 500, 100, 0, 1_500_000, 50, 8L, null)),
                        json(200, Harvests.json("h1", "alice", "ARCHIVING", 500, 500, 0, 7_500_000, 60, 0L, null)),
                        json(200, Harvests.json("h1", "alice", "DONE", 500, 500, 0, 7_940_000, 60, 0L, null)));

        assertThat(harvest("--no-webp", "--no-check-ia", "alice")).isZero();

        assertThat(t.out()).contains("Processing user: alice (1/1)",
                "Harvesting alice -> mapillary-alice-256 (harvest h1)",
                "FETCHING     20%  listed 500 | fetched 100 | failed 0 | 1.50 MB | 50.0 img/s | ETA 8s",
                "DONE        100%  listed 500 | fetched 500 | failed 0 | 7.94 MB | 60.0 img/s | ETA 0s",
                "Done: " + Path.of("/srv/archive/output/mapillary-alice-256").toAbsolutePath());
        assertThat(t.err()).isEmpty();
        assertThat(Http.MAPPER.readTree(harvester.requests.get(0).body())).isEqualTo(Http.MAPPER.readTree(
                "{\"username\":\"alice\",\"quality\":\"256\",\"webp\":false,\"tar\":true,\"checkIa\":false,"
                        + "\"force\":false}"));
    }

    @Test
    void anUploadedHarvestEndsWithTheIaItemUrl() throws Exception {
        t.env.put("IA_URL", "https://archive.org");
        harvester.on("POST /harvests", json(202, Harvests.json("h1", "alice", "LISTING", 0, 0, 0, 0, 0, null, null)))
                .on("GET /harvests/h1",
                        json(200, Harvests.json("h1", "alice", "UPLOADING", 5, 5, 0, 100, 1, 0L, null)),
                        json(200, Harvests.json("h1", "alice", "DONE", 5, 5, 0, 100, 1, 0L, null)));
        assertThat(harvest("alice")).isZero();
        assertThat(t.out()).contains("Done: https://archive.org/details/mapillary-alice-256");
    }

    @Test
    void failedUsersAreListedAtTheEndAndTheOthersStillRun() throws Exception {
        harvester.on("POST /harvests",
                        json(202, Harvests.json("h1", "alice", "LISTING", 0, 0, 0, 0, 0, null, null)),
                        problem(400, "Invalid harvest request", "invalid username \\\"b/b\\\""),
                        json(202, Harvests.json("h3", "carol", "LISTING", 0, 0, 0, 0, 0, null, null)))
                .on("GET /harvests/h1", json(200, Harvests.json("h1", "alice", "FAILED", 0, 0, 0, 0, 0, null,
                        "listing failed: Mapillary answered HTTP 500")))
                .on("GET /harvests/h3", json(200, Harvests.json("h3", "carol", "DONE", 1, 1, 0, 10, 1, 0L, null)));

        assertThat(harvest("alice", "b/b", "carol")).isEqualTo(1);

        assertThat(t.err()).contains(
                "Failed to process alice: harvest FAILED: listing failed: Mapillary answered HTTP 500",
                "Failed to process b/b: HTTP 400 from the harvester: Invalid harvest request: invalid username \"b/b\"")
                .endsWith("Failed users: alice, b/b\n");
        assertThat(t.out()).contains("Processing user: carol (3/3)", "Done: ");
    }

    @Test
    void aSkippedUserIsASuccessWithItsReason() throws Exception {
        harvester.on("POST /harvests", json(200, Harvests.json("h1", "alice", "SKIPPED", 0, 0, 0, 0, 0, 0L,
                "already on archive.org: https://archive.org/details/mapillary-alice-256")));
        assertThat(harvest("alice")).isZero();
        assertThat(t.out()).contains(
                "Skipped alice: already on archive.org: https://archive.org/details/mapillary-alice-256");
    }

    @Test
    void aHarvestAlreadyRunningIsFollowed() throws Exception {
        harvester.on("POST /harvests", new StubServer.Answer(409, "application/problem+json",
                        "{\"title\":\"Collection already being harvested\",\"status\":409,\"detail\":\"running\","
                                + "\"harvest\":\"h9\"}"))
                .on("GET /harvests/h9", json(200, Harvests.json("h9", "alice", "DONE", 3, 3, 0, 10, 1, 0L, null)));
        assertThat(harvest("alice")).isZero();
        assertThat(t.out()).contains("alice is already being harvested: following harvest h9", "Done: ");
    }

    @Test
    void theApiKeyIsSentAsBearerAndNeverPrinted() throws Exception {
        t.env.put("HARVESTER_API_KEY", "s3cr3t-key");
        harvester.on("POST /harvests", problem(401, "API key required",
                "this harvester needs the header 'Authorization: Bearer <HARVESTER_API_KEY>'"));
        assertThat(harvest("alice")).isEqualTo(1);
        assertThat(harvester.requests.get(0).authorization()).isEqualTo("Bearer s3cr3t-key");
        assertThat(t.err()).contains("HTTP 401 from the harvester: API key required: this harvester needs the header")
                .doesNotContain("s3cr3t-key");
        assertThat(t.out()).doesNotContain("s3cr3t-key");
    }

    @Test
    void anUnreachableHarvesterIsAClearFailure() throws Exception {
        harvester.close();
        assertThat(harvest("alice")).isEqualTo(1);
        assertThat(t.err()).contains("Failed to process alice: cannot reach the harvester at " + harvester.url());
    }

    @Test
    void aServerErrorWithoutProblemBodyShowsTheBody() throws Exception {
        harvester.on("POST /harvests", new StubServer.Answer(502, "text/html", "Bad gateway\n<html>"));
        assertThat(harvest("alice")).isEqualTo(1);
        assertThat(t.err()).contains("Failed to process alice: HTTP 502 from the harvester: Bad gateway");
    }

    @Test
    void aHarvestTheHarvesterNoLongerKnowsFailsWithItsProblemDetail() throws Exception {
        harvester.on("POST /harvests", json(202, Harvests.json("h1", "alice", "LISTING", 0, 0, 0, 0, 0, null, null)))
                .on("GET /harvests/h1", problem(404, "No such harvest", "no harvest with id h1"));
        assertThat(harvest("alice")).isEqualTo(1);
        assertThat(t.err()).contains(
                "Failed to process alice: HTTP 404 from the harvester: No such harvest: no harvest with id h1",
                "Failed users: alice");
    }
}
