package mapillary.archive.archiver.ia;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * IA-S3 item metadata headers from {@code .meta} tags, as the {@code internetarchive} library sends them:
 * {@code x-archive-meta-<field>} for one value, {@code x-archive-meta01-<field>}, {@code 02}, ... for repeated ones,
 * underscores in field names as {@code --}, and values holding non-ASCII or whitespace as {@code uri(<percent-encoded>)}.
 */
public final class MetaHeaders {

    private MetaHeaders() {
    }

    /** Header name and value pairs, in tag order. */
    public static List<Map.Entry<String, String>> of(Map<String, List<String>> tags) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        tags.forEach((tag, values) -> {
            String field = tag.replace("_", "--");
            if (values.size() == 1) {
                headers.add(Map.entry("x-archive-meta-" + field, value(values.get(0))));
            } else {
                for (int i = 0; i < values.size(); i++) {
                    headers.add(Map.entry(String.format("x-archive-meta%02d-%s", i + 1, field), value(values.get(i))));
                }
            }
        });
        return headers;
    }

    /** The header form of a value: as is when plain printable ASCII without whitespace, else {@code uri(...)}. */
    static String value(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return "uri(" + percentEncode(v) + ")";
            }
        }
        return v;
    }

    /** Percent-encodes UTF-8 bytes like Python's {@code urllib.parse.quote} (unreserved and {@code /} kept). */
    static String percentEncode(String v) {
        StringBuilder sb = new StringBuilder();
        for (byte b : v.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
