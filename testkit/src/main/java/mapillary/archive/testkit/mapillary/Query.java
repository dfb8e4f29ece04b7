package mapillary.archive.testkit.mapillary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request's query string: decoded values by name plus the raw pairs, kept to bake into {@code paging.next}. */
final class Query {

    final String raw;
    final List<String> rawPairs = new ArrayList<>();
    final Map<String, String> values = new LinkedHashMap<>();

    Query(String raw) {
        this.raw = raw == null ? "" : raw;
        if (!this.raw.isEmpty()) {
            for (String pair : this.raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                rawPairs.add(pair);
                int eq = pair.indexOf('=');
                String k = decode(eq < 0 ? pair : pair.substring(0, eq));
                String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
                values.putIfAbsent(k, v);
            }
        }
    }

    String get(String name) {
        return values.get(name);
    }

    /** The raw query without the pairs named {@code drop}. */
    String rawWithout(String drop) {
        StringBuilder sb = new StringBuilder(raw.length());
        for (String pair : rawPairs) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (k.equals(drop)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(pair);
        }
        return sb.toString();
    }

    /** The raw query with the access_token value hidden, for the request log. */
    String redacted() {
        if (!values.containsKey("access_token")) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (String pair : rawPairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            sb.append(k.equals("access_token") ? "access_token=REDACTED" : pair);
        }
        return sb.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
