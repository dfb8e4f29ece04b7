package mapillary.archive.stats;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless browser (Debian {@code chromium}): the numbers and charts are in the rendered DOM,
 * the console shows no errors, and a screenshot is saved as {@code target/dashboard.png}. Skipped (assumption) only
 * when chromium is not installed.
 */
@QuarkusTest
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class DashboardTest {

    @TestHTTPResource("/")
    URL url;

    @Test
    void servesServerRenderedHtmlWithoutExternalAssets() {
        given().when().post("/stats/refresh").then().statusCode(200);
        String html = given().accept("text/html").when().get("/").then().statusCode(200)
                .contentType("text/html").extract().asString();
        assertThat(html).contains("1,300,684", "1,273,089", "1259.52 GB", "<svg", "id=\"by-quality\"",
                "id=\"by-month\"");
        assertThat(html).doesNotContain("<script src", "stylesheet\" href=\"http", "https://cdn");
        assertThat(html.indexOf(">original<")).isLessThan(html.indexOf(">2048<"));
        assertThat(html.indexOf(">2048<")).isLessThan(html.indexOf(">1024<"));
        assertThat(html.indexOf(">1024<")).isLessThan(html.indexOf(">256<"));
    }

    @Test
    void rendersInHeadlessChromiumWithNumbersChartsAndNoConsoleErrors() throws Exception {
        Path chromium = chromium();
        Assumptions.assumeTrue(chromium != null,
                "chromium is not installed (apt-get install -y chromium); skipping the headless-browser check");
        given().when().post("/stats/refresh").then().statusCode(200);
        Path target = Path.of("target").toAbsolutePath();
        Path screenshot = target.resolve("dashboard.png");
        Files.deleteIfExists(screenshot);

        Result shot = run(chromium, "--screenshot=" + screenshot, "--window-size=1280,1600");
        assertThat(shot.exit).as(shot.stderr).isZero();
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);

        Result dom = run(chromium, "--dump-dom", "--enable-logging=stderr", "--v=0");
        assertThat(dom.exit).as(dom.stderr).isZero();
        assertThat(dom.stdout).contains("1,300,684", "1,273,089", "1259.52 GB", "Unique images");
        assertThat(dom.stdout).contains("<svg", "class=\"bar-img\"", "class=\"bar-bytes\"", "2024-01");
        List<String> consoleErrors = dom.stderr.lines()
                .filter(l -> l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Failed to load resource"))
                .toList();
        assertThat(consoleErrors).isEmpty();
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(Path chromium, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(url.toString());
        Path out = Files.createTempFile(profile, "stdout", ".txt");
        Path err = Files.createTempFile(profile, "stderr", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("chromium did not finish within 120 s: " + cmd);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static Path chromium() {
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return null;
    }
}
