package mapillary.archive.harvester.ia;

import com.sun.net.httpserver.HttpServer;
import mapillary.archive.harvester.config.IaConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The five cases of spec §11 against a real local HTTP server. */
class IaItemCheckTest {

    private HttpServer server;
    private final Map<String, Object[]> answers = Map.of(
            "found", new Object[]{200, "{\"metadata\":{\"identifier\":\"found\"},\"files\":[]}"},
            "missing", new Object[]{404, "not found"},
            "empty", new Object[]{200, "{}"},
            "dark", new Object[]{200, "{\"metadata\":{\"identifier\":\"dark\"},\"is_dark\":true}"},
            "garbage", new Object[]{200, "<html>"});

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metadata/", ex -> {
            String id = ex.getRequestURI().getPath().substring("/metadata/".length());
            Object[] a = answers.getOrDefault(id, new Object[]{500, "oops"});
            byte[] b = ((String) a[1]).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders((Integer) a[0], b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private IaItemCheck check(String url) {
        return new IaItemCheck(new IaConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration checkTimeout() {
                return Duration.ofSeconds(5);
            }
        });
    }

    @Test
    void onlyAVisibleItemWithMetadataExists() {
        IaItemCheck ia = check("http://127.0.0.1:" + server.getAddress().getPort());
        assertThat(ia.exists("found")).isTrue();
        assertThat(ia.exists("missing")).isFalse();
        assertThat(ia.exists("empty")).isFalse();
        assertThat(ia.exists("dark")).isFalse();
        assertThat(ia.exists("garbage")).isFalse();
        assertThat(ia.exists("error")).isFalse();
    }

    @Test
    void aNetworkErrorMeansMissing() {
        assertThat(check("http://127.0.0.1:1").exists("found")).isFalse();
    }
}
