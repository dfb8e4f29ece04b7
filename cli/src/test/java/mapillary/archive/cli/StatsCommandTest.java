package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import static mapillary.archive.cli.StubServer.json;
import static org.assertj.core.api.Assertions.assertThat;

class StatsCommandTest {

    private final TestIo t = new TestIo();

    @Test
    void printsTheTextReportAskedForWithAcceptTextPlain() throws Exception {
        try (StubServer stats = new StubServer()) {
            stats.on("GET /stats", new StubServer.Answer(200, "text/plain", "=====\nTotal Collections: 3\n"));
            assertThat(t.run("stats", "--stats-url", stats.url().toString())).isZero();
            assertThat(t.out()).isEqualTo("=====\nTotal Collections: 3\n");
            assertThat(stats.requests.get(0).accept()).isEqualTo("text/plain");
        }
    }

    @Test
    void refreshSearchesIaFirst() throws Exception {
        try (StubServer stats = new StubServer()) {
            stats.on("POST /stats/refresh", json(200, "{}"))
                    .on("GET /stats", new StubServer.Answer(200, "text/plain", "report"));
            assertThat(t.run("stats", "--refresh", "--stats-url=" + stats.url())).isZero();
            assertThat(stats.requests).extracting(StubServer.Request::path).containsExactly("/stats/refresh", "/stats");
            assertThat(t.out()).isEqualTo("report\n");
        }
    }

    @Test
    void noStatisticsYetIsAFailureWithTheServicesMessage() throws Exception {
        try (StubServer stats = new StubServer()) {
            stats.on("GET /stats", new StubServer.Answer(503, "text/plain",
                    "No cached data and failed to fetch from IA\n"));
            assertThat(t.run("stats", "--stats-url", stats.url().toString())).isEqualTo(1);
            assertThat(t.err()).isEqualTo(
                    "Error: HTTP 503 from the stats service: No cached data and failed to fetch from IA\n");
        }
    }
}
