package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers shared by the fake IA's handlers: parameters, percent-decoding and writing responses. */
final class Http {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Http() {
    }

    /** Converts plain Java values (strings, numbers, booleans, lists, maps) to a JSON tree without serialising. */
    static com.fasterxml.jackson.databind.JsonNode toNode(Object v) {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(s);
        }
        if (v instanceof Integer i) {
            return f.numberNode(i);
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof com.fasterxml.jackson.databind.JsonNode n) {
            return n.deepCopy();
        }
        if (v instanceof java.util.List<?> list) {
            var a = f.arrayNode(list.size());
            list.forEach(e -> a.add(toNode(e)));
            return a;
        }
        if (v instanceof Map<?, ?> map) {
            var o = f.objectNode();
            map.forEach((k, e) -> o.set(String.valueOf(k), toNode(e)));
            return o;
        }
        return MAPPER.valueToTree(v);
    }

    /** Query-string parameters (first value wins), percent-decoded, '+' as space (form encoding). */
    static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        parseForm(ex.getRequestURI().getRawQuery(), out);
        return out;
    }

    /** Parses {@code a=b&c=d} into {@code out} without overwriting existing keys. */
    static void parseForm(String raw, Map<String, String> out) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(decode(k, true), decode(v, true));
        }
    }

    /** Decodes %XX escapes as UTF-8; '+' becomes a space only when {@code plusIsSpace}. Bad escapes stay as is. */
    static String decode(String s, boolean plusIsSpace) {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0
                    && hex(s.charAt(i + 2)) >= 0) {
                buf.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                buf.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                    b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                    i++;
                }
                buf.writeBytes(b);
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    /** The raw path split on '/', each segment percent-decoded (no '+' decoding), empty segments dropped. */
    static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(decode(s, false));
            }
        }
        return out;
    }

    static byte[] readBody(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", MAPPER.writeValueAsBytes(body));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body.length == 0) {
            ex.sendResponseHeaders(status, -1);
        } else {
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    /** An IA-S3 (Amazon S3 style) XML error document. */
    static void s3Error(HttpExchange ex, int status, String code, String message, String resource) throws IOException {
        String xml = "<?xml version='1.0' encoding='UTF-8'?>\n<Error><Code>" + xmlEscape(code) + "</Code><Message>"
                + xmlEscape(message) + "</Message><Resource>" + xmlEscape(resource) + "</Resource><RequestId>"
                + Long.toHexString(System.nanoTime()) + "</RequestId></Error>";
        send(ex, status, "application/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static String xmlEscape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }
}
