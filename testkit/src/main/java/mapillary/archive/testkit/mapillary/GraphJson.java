package mapillary.archive.testkit.mapillary;

/**
 * Hand-written compact JSON in the Graph API's style (no spaces, non-ASCII as {@code \u00d1}, {@code /} as
 * {@code \/}), so responses are produced without building a tree per request.
 */
final class GraphJson {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GraphJson() {
    }

    static void string(StringBuilder sb, String s, boolean escapeSlashes) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '/' -> sb.append(escapeSlashes ? "\\/" : "/");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                                .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Appends raw JSON text with every character above {@code ~} written as {@code \\uXXXX} (the API is ASCII). */
    static void asciiRaw(StringBuilder sb, String raw) {
        for (int i = 0, n = raw.length(); i < n; i++) {
            char c = raw.charAt(i);
            if (c > 0x7e) {
                sb.append("\\u").append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                        .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
            } else {
                sb.append(c);
            }
        }
    }

    static void number(StringBuilder sb, double d) {
        if (!Double.isFinite(d)) {
            sb.append("null");
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
        } else {
            sb.append(d);
        }
    }

    static void number(StringBuilder sb, Number n) {
        if (n == null) {
            sb.append("null");
        } else if (n instanceof Double d) {
            number(sb, d.doubleValue());
        } else {
            sb.append(n.longValue());
        }
    }

    static void array(StringBuilder sb, double[] values) {
        sb.append('[');
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            number(sb, values[i]);
        }
        sb.append(']');
    }

    static void point(StringBuilder sb, double[] coordinates) {
        sb.append("{\"type\":\"Point\",\"coordinates\":");
        array(sb, coordinates);
        sb.append('}');
    }

    /** A Graph API error body. */
    static String error(String message, String type, int code, Integer subcode, boolean transientError, String trace) {
        StringBuilder sb = new StringBuilder(200);
        sb.append("{\"error\":{\"message\":");
        string(sb, message, false);
        sb.append(",\"type\":");
        string(sb, type, false);
        if (transientError) {
            sb.append(",\"is_transient\":true");
        }
        sb.append(",\"code\":").append(code);
        if (subcode != null) {
            sb.append(",\"error_subcode\":").append(subcode);
        }
        sb.append(",\"fbtrace_id\":");
        string(sb, trace, false);
        sb.append("}}");
        return sb.toString();
    }
}
