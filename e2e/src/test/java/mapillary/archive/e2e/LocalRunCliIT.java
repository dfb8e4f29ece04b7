package mapillary.archive.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several users in one demo run kept running: the CLI's {@code status} and {@code stats} work against it, a second
 * {@code harvest} of a finished user is skipped, and SIGTERM (what Ctrl-C triggers) stops every process.
 */
class LocalRunCliIT {

    private LocalRun run;

    @AfterEach
    void stop() throws InterruptedException {
        if (run != null) {
            run.stopIfRunning();
        }
    }

    @Test
    void statusAndStatsAgainstAKeptRunningDemo() throws Exception {
        run = new LocalRun("local-run-cli");
        Process p = run.start(Map.of("DEMO_IMAGES", "60"), "--demo", "--keep-running", "--quality=256",
                "--no-webp", "--no-tar", "cli-a", "cli-b");
        assertThat(run.awaitOutput("Press Ctrl-C to stop.", 6, TimeUnit.MINUTES)).as(run.output()).isTrue();
        String output = run.output();
        assertThat(output).contains("Processing user: cli-a (1/2)", "Processing user: cli-b (2/2)",
                "Done: " + run.data.resolve("output/mapillary-cli-a-256"),
                "Done: " + run.data.resolve("output/mapillary-cli-b-256"));
        Matcher m = Pattern.compile("Harvesting cli-a -> mapillary-cli-a-256 \\(harvest ([0-9a-f-]+)\\)")
                .matcher(output);
        assertThat(m.find()).as(output).isTrue();
        String id = m.group(1);

        LocalRun.Result table = run.cli("status", "--url", run.harvesterUrl());
        assertThat(table.exit()).as(table.output()).isZero();
        assertThat(table.output()).containsPattern("(?m)^ID +USER +STATUS +LISTED +FETCHED +FAILED +SIZE +ETA +COLLECTION$")
                .containsPattern("(?m)^" + id + " +cli-a +DONE +60 +60 +0 .* mapillary-cli-a-256$")
                .contains("mapillary-cli-b-256");

        LocalRun.Result one = run.cli("status", "--url=" + run.harvesterUrl(), id);
        assertThat(one.exit()).as(one.output()).isZero();
        assertThat(one.output()).contains("Harvest:    " + id, "Status:     DONE", "Options:    quality 256, jpeg, no tar");

        LocalRun.Result missing = run.cli("status", "--url", run.harvesterUrl(), "no-such-id");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.output()).contains("HTTP 404 from the harvester: No such harvest");

        LocalRun.Result again = run.cli("harvest", "--url", run.harvesterUrl(), "--quality", "256", "--no-webp",
                "--no-tar", "cli-a");
        assertThat(again.exit()).as(again.output()).isZero();
        assertThat(again.output()).contains("Skipped cli-a: ");

        LocalRun.Result stats = run.cli("stats", "--stats-url", run.statsUrl());
        assertThat(stats.exit()).as(stats.output()).isZero();
        assertThat(stats.output()).contains("Mapillary Downloader - Archive.org Statistics", "Total Collections:");

        p.destroy();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(run.output()).isTrue();
        assertThat(p.exitValue()).as("--keep-running ends with the harvests' exit code").isZero();
        assertThat(run.output()).contains("Stopping services");
        run.assertNothingLeftRunning();
    }
}
