package mapillary.archive.testkit.mapillary;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The standalone process prints its URLs and token, serves the users given on the command line, stops on SIGTERM. */
class FakeMapillaryMainTest {

    @Test
    void runsAsAProcessAndStopsOnSigterm() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                FakeMapillaryMain.class.getName(), "--user", "zed:25:4", "--token", "MLY|1|secret",
                "--rate-limit-per-minute", "6000", "--url-ttl-seconds", "60"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Map<String, String> env = new HashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            while (env.size() < 3) {
                String line = out.readLine();
                assertThat(line).as("process ended early").isNotNull();
                int eq = line.indexOf('=');
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
            assertThat(env.get("MAPILLARY_TOKEN")).isEqualTo("MLY|1|secret");
            assertThat(env.get("MAPILLARY_CDN_URL")).startsWith("http://127.0.0.1:").isNotEqualTo(env.get("MAPILLARY_API_URL"));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(env.get("MAPILLARY_API_URL") + "/images?creator_username=zed&fields=id"))
                    .header("Authorization", "OAuth MLY|1|secret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains(SyntheticUser.generate("zed", 25, 4).id(24));
        } finally {
            p.destroy();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(p.exitValue()).isIn(0, 143);
    }
}
