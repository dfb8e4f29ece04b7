package mapillary.archive.cli;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Fetches the original's text report from the stats service ({@code GET /stats}, {@code Accept: text/plain}). */
public class StatsClient {

    private final Http http;

    public StatsClient(URI base) {
        this.http = new Http(base, "stats service", Optional.empty());
    }

    /** Asks the stats service to search IA now ({@code POST /stats/refresh}). */
    public void refresh() throws ApiException {
        HttpResponse<String> r = http.send("POST", "/stats/refresh", "application/json", null);
        if (r.statusCode() != 200) {
            throw http.failure(r);
        }
    }

    public String report() throws ApiException {
        HttpResponse<String> r = http.send("GET", "/stats", "text/plain", null);
        if (r.statusCode() != 200) {
            if (r.body() != null && !r.body().isBlank() && !r.body().strip().startsWith("{")) {
                throw new ApiException(r.statusCode(), "HTTP " + r.statusCode() + " from the stats service: "
                        + r.body().strip(), null);
            }
            throw http.failure(r);
        }
        return r.body();
    }
}
