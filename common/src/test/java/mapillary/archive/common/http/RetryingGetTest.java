package mapillary.archive.common.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryingGetTest {

    private final AtomicInteger calls = new AtomicInteger();
    private volatile int failFirst;
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            int n = calls.incrementAndGet();
            byte[] body = ("call " + n).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(n <= failFirst ? 500 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private final RetryingGet get = new RetryingGet(HttpClient.newHttpClient(),
            new Backoff(3, Duration.ofMillis(1), Duration.ofMillis(5), false));

    private String fetch() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .build();
        return get.get(request, r -> {
            if (r.statusCode() >= 400) {
                throw new RetryingGet.Retry("HTTP " + r.statusCode());
            }
            return new String(r.body(), StandardCharsets.UTF_8);
        });
    }

    @Test
    void retriesWhatTheReaderRejectsUntilAnAnswerIsAccepted() throws Exception {
        failFirst = 2;
        assertThat(fetch()).isEqualTo("call 3");
        assertThat(calls).hasValue(3);
    }

    @Test
    void givesUpAfterTheLastAttemptWithTheLastReason() {
        failFirst = 10;
        assertThatThrownBy(this::fetch).isInstanceOf(RetryingGet.Failure.class).hasMessage("HTTP 500");
        assertThat(calls).hasValue(3);
    }
}
