package mapillary.archive.harvester.mapillary;

import com.sun.net.httpserver.HttpServer;
import mapillary.archive.harvester.config.MapillaryConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The retry policy against a real local HTTP server that answers from a script. */
class MapillaryClientTest {

    private static final String TOKEN = "MLY|123|secretsecret";
    private static final String PAGE = "{\"data\":[{\"id\":\"1\"}],\"paging\":{}}";

    private record Answer(int status, String body, String retryAfter) {
    }

    private HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<String> authHeaders = new CopyOnWriteArrayList<>();
    private final List<String> uris = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            authHeaders.add(ex.getRequestHeaders().getFirst("Authorization"));
            uris.add(ex.getRequestURI().toString());
            Answer a = script.poll();
            if (a == null) {
                a = new Answer(200, PAGE, null);
            }
            if (a.retryAfter() != null) {
                ex.getResponseHeaders().add("Retry-After", a.retryAfter());
            }
            byte[] b = a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/images?after=x";
    }

    private MapillaryClient client(int attempts) {
        return new MapillaryClient(new TestConfig(Optional.of(TOKEN), url(), attempts, 0));
    }

    @Test
    void sendsTheTokenOnlyInTheHeaderAndTheUrlVerbatim() throws Exception {
        Page p = client(3).fetch(url(), s -> { });
        assertThat(p.records()).hasSize(1);
        assertThat(authHeaders).containsExactly("OAuth " + TOKEN);
        assertThat(uris).containsExactly("/images?after=x");
    }

    @Test
    void retries5xxThenSucceeds() throws Exception {
        script.add(new Answer(500, "{\"error\":{\"message\":\"boom\"}}", null));
        script.add(new Answer(503, "", null));
        List<String> log = new ArrayList<>();
        assertThat(client(10).fetch(url(), log::add).records()).hasSize(1);
        assertThat(uris).hasSize(3);
        assertThat(log).anyMatch(l -> l.startsWith("WARNING Request failed (attempt 1/10): HTTP 500: boom"))
                .anyMatch(l -> l.startsWith("INFO Retrying in "));
    }

    @Test
    void honours429WithoutUsingUpAttempts() throws Exception {
        for (int i = 0; i < 5; i++) {
            script.add(new Answer(429, "{\"error\":{\"message\":\"(#4) Application request limit reached\"}}",
                    "0"));
        }
        assertThat(client(2).fetch(url(), s -> { }).records()).hasSize(1);
        assertThat(uris).hasSize(6);
    }

    @Test
    void givesUpAfterTheAttempts() {
        for (int i = 0; i < 3; i++) {
            script.add(new Answer(502, "bad gateway", null));
        }
        assertThatThrownBy(() -> client(3).fetch(url(), s -> { })).isInstanceOf(MapillaryApiException.class)
                .hasMessageContaining("after 3 attempts").hasMessageContaining("HTTP 502");
        assertThat(uris).hasSize(3);
    }

    @Test
    void clientErrorsFailFastWithTheApiMessageButNoToken() {
        script.add(new Answer(401, "{\"error\":{\"message\":\"Invalid OAuth access token " + TOKEN
                + "\",\"type\":\"OAuthException\",\"code\":190}}", null));
        assertThatThrownBy(() -> client(10).fetch(url(), s -> { })).isInstanceOf(MapillaryApiException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("Invalid OAuth access token")
                .message().doesNotContain("secretsecret");
        assertThat(uris).hasSize(1);
    }

    @Test
    void aBodyThatIsNotJsonIsNotRetried() {
        script.add(new Answer(200, "<html>", null));
        assertThatThrownBy(() -> client(10).fetch(url(), s -> { })).isInstanceOf(MapillaryApiException.class)
                .hasMessageContaining("not a listing page");
        assertThat(uris).hasSize(1);
    }

    @Test
    void connectionErrorsAreRetried() {
        String dead = "http://127.0.0.1:1/images";
        MapillaryClient c = client(2);
        assertThatThrownBy(() -> c.fetch(dead, s -> { })).isInstanceOf(MapillaryApiException.class)
                .hasMessageContaining("after 2 attempts");
    }

    @Test
    void theClientSideRateLimitIsSharedByConcurrentListings() throws Exception {
        // 60 requests a minute: one a second, shared by every listing that uses the client
        MapillaryClient paced = new MapillaryClient(new TestConfig(Optional.of(TOKEN), url(), 3, 60));
        List<Thread> listings = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            listings.add(Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        paced.fetch(url(), s -> { });
                    }
                } catch (InterruptedException | MapillaryApiException stop) {
                    // the test is over
                }
            }));
        }
        Thread.sleep(1500);
        listings.forEach(Thread::interrupt);
        for (Thread t : listings) {
            t.join(5000);
        }
        // unpaced, two loops against a local server make hundreds of requests in 1.5 s; paced, at most the
        // immediate first one and the one a second later (one more allowed for slack)
        assertThat(uris).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    }

    record TestConfig(Optional<String> token, String apiUrl, int maxAttempts, int requestsPerMinute)
            implements MapillaryConfig {
        @Override
        public int pageSize() {
            return 2000;
        }

        @Override
        public Duration timeout() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration backoffBase() {
            return Duration.ofMillis(5);
        }

        @Override
        public Duration backoffCap() {
            return Duration.ofMillis(50);
        }

        @Override
        public int maxThrottled() {
            return 20;
        }
    }
}
