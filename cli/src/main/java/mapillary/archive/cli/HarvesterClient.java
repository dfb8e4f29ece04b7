package mapillary.archive.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Talks to the harvester's REST API ({@code /harvests}), with the API key as a bearer token when one is set. */
public class HarvesterClient {

    private final Http http;

    public HarvesterClient(URI base, Optional<String> apiKey) {
        this.http = new Http(base, "harvester", apiKey);
    }

    /** What {@code POST /harvests} answered: 202 started or 200 skipped. */
    public record Started(int status, HarvestInfo harvest) {
    }

    /** Starts a harvest; ApiException for 4xx/5xx (a 409 carries the running harvest's id). */
    public Started start(HarvestRequest request) throws ApiException {
        ObjectNode body = Http.MAPPER.createObjectNode();
        body.put("username", request.username());
        body.put("quality", request.quality());
        body.put("webp", request.webp());
        body.put("tar", request.tar());
        body.put("checkIa", request.checkIa());
        body.put("force", request.force());
        if (request.bbox() != null) {
            body.put("bbox", request.bbox());
        }
        HttpResponse<String> r = http.send("POST", "/harvests", "application/json", body.toString());
        if (r.statusCode() != 200 && r.statusCode() != 202) {
            throw http.failure(r);
        }
        return new Started(r.statusCode(), http.read(r, HarvestInfo.class));
    }

    public HarvestInfo get(String id) throws ApiException {
        HttpResponse<String> r = http.send("GET", "/harvests/" + URLEncoder.encode(id, StandardCharsets.UTF_8),
                "application/json", null);
        if (r.statusCode() != 200) {
            throw http.failure(r);
        }
        return http.read(r, HarvestInfo.class);
    }

    public List<HarvestInfo> list() throws ApiException {
        HttpResponse<String> r = http.send("GET", "/harvests", "application/json", null);
        if (r.statusCode() != 200) {
            throw http.failure(r);
        }
        return Arrays.asList(http.read(r, HarvestInfo[].class));
    }

    /** The raw JSON of one harvest or of all ({@code id} null), for {@code status --json}. */
    public String json(String id) throws ApiException {
        String path = id == null ? "/harvests" : "/harvests/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send("GET", path, "application/json", null);
        if (r.statusCode() != 200) {
            throw http.failure(r);
        }
        return r.body();
    }
}
