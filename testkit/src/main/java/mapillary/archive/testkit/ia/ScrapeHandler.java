package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET|POST /services/search/v1/scrape}: query, field projection, {@code count} clamped to [100, 10000]
 * (default 5000), an opaque cursor (absent on the last page), {@code total_only}; dark items are never returned.
 * Items come in identifier order.
 */
final class ScrapeHandler implements HttpHandler {

    static final int MIN_COUNT = 100;
    static final int MAX_COUNT = 10_000;
    static final int DEFAULT_COUNT = 5_000;
    private static final String CURSOR_PREFIX = "fake-ia-scrape:";

    private final FakeInternetArchive ia;

    ScrapeHandler(FakeInternetArchive ia) {
        this.ia = ia;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Map<String, String> params = Http.query(ex);
        if (ex.getRequestMethod().equals("POST")) {
            Http.parseForm(new String(Http.readBody(ex), StandardCharsets.UTF_8), params);
        } else if (!ex.getRequestMethod().equals("GET")) {
            Http.json(ex, 405, Map.of("error", "method not allowed"));
            return;
        }
        int fault = ia.faults().nextScrapeError();
        if (fault != 0) {
            Http.json(ex, fault, Map.of("error", "search engine temporarily unavailable (injected fault)"));
            return;
        }
        ScrapeQuery.Node query;
        int count;
        String after;
        try {
            query = ScrapeQuery.parse(params.get("q"));
            count = count(params.get("count"));
            after = decodeCursor(params.get("cursor"));
        } catch (IllegalArgumentException e) {
            Http.json(ex, 400, Map.of("error", e.getMessage()));
            return;
        }
        Set<String> fields = new LinkedHashSet<>();
        fields.add("identifier");
        String fl = params.get("fields");
        if (fl != null) {
            for (String f : fl.split(",")) {
                if (!f.isBlank()) {
                    fields.add(f.trim());
                }
            }
        }
        boolean totalOnly = "true".equalsIgnoreCase(params.get("total_only"));

        int total = 0;
        List<StoredItem> page = new ArrayList<>();
        boolean more = false;
        for (StoredItem item : ia.store().values()) {
            boolean hit;
            synchronized (item) {
                hit = !item.dark && query.matches(item::scrapeField);
            }
            if (!hit) {
                continue;
            }
            total++;
            if (!totalOnly && (after == null || item.key.compareTo(after) > 0)) {
                if (page.size() < count) {
                    page.add(item);
                } else {
                    more = true;
                }
            }
        }
        ObjectNode out = Http.MAPPER.createObjectNode();
        if (totalOnly) {
            out.put("total", total);
            Http.json(ex, 200, out);
            return;
        }
        ArrayNode items = out.putArray("items");
        for (StoredItem item : page) {
            ObjectNode doc = items.addObject();
            for (String f : fields) {
                JsonNode v = item.scrapeField(f);
                if (v != null) {
                    doc.set(f, v);
                }
            }
        }
        out.put("count", page.size());
        out.put("total", total);
        if (more) {
            out.put("cursor", encodeCursor(page.getLast().key));
        }
        Http.json(ex, 200, out);
    }

    private static int count(String raw) {
        if (raw == null || raw.isBlank()) {
            return DEFAULT_COUNT;
        }
        try {
            return Math.max(MIN_COUNT, Math.min(MAX_COUNT, Integer.parseInt(raw.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("count must be an integer");
        }
    }

    static String encodeCursor(String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (s.startsWith(CURSOR_PREFIX)) {
                return s.substring(CURSOR_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new IllegalArgumentException("Invalid cursor");
    }
}
