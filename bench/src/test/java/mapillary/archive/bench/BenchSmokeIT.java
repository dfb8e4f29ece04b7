package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.common.event.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the harness from rotting: runs tiny scenarios (a 40-image JPEG harvest through broker, fakes and the packaged
 * services; listing 2,000 images; tar of 50 files; JMH in quick mode) into target/, never into bench/results.
 */
class BenchSmokeIT {

    private final Path root = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
    private final Path out = Path.of("target", "bench-smoke").toAbsolutePath();

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void tinyScenariosWriteResultsAndTable() throws Exception {
        Path committedTable = root.resolve("bench/README.md");
        String committedBefore = Files.exists(committedTable) ? Files.readString(committedTable) : null;
        TarScenario.deleteTree(out);

        BenchMain.Outcome outcome = BenchMain.run(BenchOptions.parse("--root", root.toString(),
                "--scenario", "jpeg,listing,tar,jmh", "--images", "40", "--runs", "1", "--warmup", "0",
                "--latencies", "0", "--listing-images", "2000", "--tar-files", "50", "--jmh-iterations", "0",
                "--results", out.resolve("results").toString(), "--table", out.resolve("README.md").toString(),
                "--work", out.resolve("work").toString()));

        assertThat(outcome.failed()).as("failed scenarios").isEmpty();
        String date = BenchMain.today();

        JsonNode jpeg = read(date + "-jpeg.json");
        assertThat(jpeg.path("machine").path("cores").asInt()).isPositive();
        assertThat(jpeg.path("machine").path("memTotalMb").asLong()).isPositive();
        assertThat(jpeg.path("cases")).hasSize(1);
        JsonNode jpegCase = jpeg.path("cases").get(0);
        assertThat(jpegCase.path("runs")).hasSize(1);
        JsonNode run = jpegCase.path("runs").get(0);
        assertThat(run.path("images").asDouble()).isEqualTo(40);
        assertThat(run.path("failed").asDouble()).isZero();
        assertThat(jpegCase.at("/summary/images_per_s/median").asDouble()).isPositive();
        assertThat(run.path("mb_per_s_downloaded").asDouble()).isPositive();
        assertThat(run.path("mb_per_s_written").asDouble()).isPositive();
        assertThat(run.path("latency_p99_ms").asDouble()).isGreaterThanOrEqualTo(run.path("latency_p50_ms").asDouble())
                .isPositive();
        assertThat(run.path("cpu_ms_per_image_services").asDouble()).isPositive();
        assertThat(run.path("cpu_ms_per_image_fetcher").asDouble()).isPositive();
        for (String service : new String[] {"harvester", "fetcher", "archiver"}) {
            assertThat(run.path("peak_rss_mb_" + service).asDouble()).as(service).isGreaterThan(10);
        }

        JsonNode listing = read(date + "-listing.json").path("cases").get(0);
        assertThat(listing.at("/runs/0/listed").asDouble()).isEqualTo(2000);
        assertThat(listing.at("/summary/records_per_s/median").asDouble()).isPositive();
        assertThat(listing.at("/runs/0/heap_used_mb_end").asDouble()).isPositive();

        JsonNode tar = read(date + "-tar.json").path("cases").get(0);
        assertThat(tar.at("/runs/0/archiver_tar_mb_per_s").asDouble()).isPositive();
        assertThat(tar.at("/runs/0/cat_mb_per_s").asDouble()).isPositive();

        JsonNode jmh = read(date + "-jmh.json");
        assertThat(jmh.path("cases")).hasSize(2);
        assertThat(jmh.path("cases").findValues("summary")).anySatisfy(s ->
                assertThat(s.at("/us_per_image/median").asDouble()).isPositive())
                .anySatisfy(s -> assertThat(s.at("/mb_per_s/median").asDouble()).isPositive());

        String table = Files.readString(out.resolve("README.md"));
        assertThat(table).contains(MarkdownReport.BEGIN, MarkdownReport.END, "### 1. JPEG", "### 4. Listing",
                "### 5. Archiving", "### JMH", "| jpeg-0ms | 1 |");
        assertThat(committedTable).satisfies(p -> {
            String now = Files.exists(p) ? Files.readString(p) : null;
            assertThat(now).as("the committed table is left alone").isEqualTo(committedBefore);
        });
        assertThat(outcome.files()).hasSize(4).allSatisfy(f -> assertThat(f).startsWith(out));
    }

    private JsonNode read(String name) throws Exception {
        Path file = out.resolve("results").resolve(name);
        assertThat(file).exists();
        return Json.MAPPER.readTree(file.toFile());
    }
}
