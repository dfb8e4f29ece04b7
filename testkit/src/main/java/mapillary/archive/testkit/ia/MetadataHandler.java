package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /metadata/{id}[/sub/path]} and {@code POST /metadata/{id}} (JSON Patch) of the fake archive.org host.
 * A missing item reads as {@code {}}, a sub-path as {@code {"result": ...}}.
 */
final class MetadataHandler implements HttpHandler {

    private final FakeInternetArchive ia;

    MetadataHandler(FakeInternetArchive ia) {
        this.ia = ia;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        int fault = ia.faults().nextMetadataError();
        if (fault != 0) {
            Http.readBody(ex);
            Http.send(ex, fault, "text/html", ("<html><body><h1>" + fault + " Server Error</h1></body></html>")
                    .getBytes(StandardCharsets.UTF_8));
            return;
        }
        List<String> seg = Http.segments(ex.getRequestURI().getRawPath());
        if (seg.size() < 2) {
            Http.json(ex, 400, Map.of("error", "no identifier given"));
            return;
        }
        String id = seg.get(1);
        switch (ex.getRequestMethod()) {
            case "GET", "HEAD" -> read(ex, id, seg.subList(2, seg.size()));
            case "POST" -> write(ex, id);
            default -> Http.json(ex, 405, Map.of("error", "method not allowed"));
        }
    }

    private void read(HttpExchange ex, String id, List<String> sub) throws IOException {
        StoredItem item = ia.get(id);
        if (item == null || item.identifier == null) {
            Http.json(ex, 200, Map.of());
            return;
        }
        JsonNode doc = item.toMetadataJson();
        if (sub.isEmpty()) {
            Http.json(ex, 200, doc);
            return;
        }
        JsonNode cur = doc;
        for (String s : sub) {
            if (cur == null) {
                break;
            }
            if (cur.isArray()) {
                try {
                    cur = cur.get(Integer.parseInt(s));
                } catch (NumberFormatException e) {
                    cur = null;
                }
            } else {
                cur = cur.get(s);
            }
        }
        if (cur == null) {
            Http.json(ex, 200, Map.of());
        } else {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("result", cur);
            Http.json(ex, 200, out);
        }
    }

    private void write(HttpExchange ex, String id) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8), form);
        Http.parseForm(ex.getRequestURI().getRawQuery(), form);
        if (!authorised(ex, form)) {
            Http.json(ex, 401, Map.of("success", false, "error", "You must be logged in to edit metadata."));
            return;
        }
        StoredItem item = ia.get(id);
        if (item == null || item.identifier == null || item.dark) {
            Http.json(ex, 400, Map.of("success", false, "error", "Item " + id + " cannot be located."));
            return;
        }
        String target = form.getOrDefault("-target", "metadata");
        if (!target.equals("metadata")) {
            Http.json(ex, 400, Map.of("success", false, "error", "unsupported -target '" + target + "' (fake IA)"));
            return;
        }
        String patchText = form.get("-patch");
        if (patchText == null) {
            Http.json(ex, 400, Map.of("success", false, "error", "no -patch given"));
            return;
        }
        try {
            JsonNode patch = Http.MAPPER.readTree(patchText);
            synchronized (item) {
                ObjectNode patched = JsonPatch.apply(item.metadata, patch);
                if (!patched.path("identifier").asText().equals(id)) {
                    throw new IllegalArgumentException("the identifier cannot be changed");
                }
                item.metadata = patched;
                item.lastUpdated = java.time.Instant.now().getEpochSecond();
            }
        } catch (JsonProcessingException e) {
            Http.json(ex, 400, Map.of("success", false, "error", "-patch is not valid JSON"));
            return;
        } catch (IllegalArgumentException e) {
            Http.json(ex, 400, Map.of("success", false, "error", e.getMessage()));
            return;
        }
        long task = ia.nextTaskId();
        Http.json(ex, 200, Map.of("success", true, "task_id", task, "log",
                "https://catalogd.archive.org/log/" + task));
    }

    private boolean authorised(HttpExchange ex, Map<String, String> form) {
        String access = form.get("access");
        String secret = form.get("secret");
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth != null && auth.startsWith("LOW ") && auth.indexOf(':') > 4) {
            access = auth.substring(4, auth.indexOf(':')).trim();
            secret = auth.substring(auth.indexOf(':') + 1).trim();
        }
        return access != null && secret != null && secret.equals(ia.options().credentials().get(access));
    }
}
