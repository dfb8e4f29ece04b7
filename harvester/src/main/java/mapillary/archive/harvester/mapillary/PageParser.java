package mapillary.archive.harvester.mapillary;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a listing response {@code {"data":[...],"paging":{"next":...}}} into records, keeping each record's raw
 * bytes (key order and number forms as received) by slicing the body at the parser's byte offsets. A bare
 * {@code NaN}/{@code Infinity} (not JSON, but what some encoders emit) does not fail the page: that record is
 * written anew as standard JSON (the value as the string {@code "NaN"}) and marked rewritten.
 */
public final class PageParser {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final byte[][] NON_STANDARD = {"NaN".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            "Infinity".getBytes(java.nio.charset.StandardCharsets.US_ASCII)};

    private PageParser() {
    }

    /** Parses a page; throws IOException when the body is not a JSON object. */
    public static Page parse(byte[] body) throws IOException {
        List<RawRecord> records = new ArrayList<>();
        int malformed = 0;
        String next = null;
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("response is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("data".equals(name) && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == JsonToken.START_OBJECT) {
                            int start = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            int end = (int) p.currentLocation().getByteOffset();
                            records.add(record(Arrays.copyOfRange(body, start, end)));
                        } else {
                            p.skipChildren();
                            malformed++;
                        }
                    }
                } else if ("paging".equals(name) && value == JsonToken.START_OBJECT) {
                    JsonNode paging = MAPPER.readTree(p);
                    JsonNode n = paging.get("next");
                    if (n != null && n.isTextual() && !n.asText().isBlank()) {
                        next = n.asText();
                    }
                } else {
                    p.skipChildren();
                }
            }
        }
        return new Page(records, malformed, next);
    }

    private static RawRecord record(byte[] raw) throws IOException {
        ObjectNode node = (ObjectNode) MAPPER.readTree(raw);
        if (mayBeNonStandard(raw)) {
            try {
                STRICT.readTree(raw);
            } catch (IOException nonStandard) {
                return new RawRecord(MAPPER.writeValueAsBytes(node), node, true);
            }
        }
        for (byte b : raw) {
            if (b == '\n' || b == '\r') {
                // pretty-printed: one line per record is the contract, so write it compactly (same key order)
                return new RawRecord(MAPPER.writeValueAsBytes(node), node);
            }
        }
        return new RawRecord(raw, node);
    }

    private static boolean mayBeNonStandard(byte[] raw) {
        for (byte[] word : NON_STANDARD) {
            outer:
            for (int i = 0; i + word.length <= raw.length; i++) {
                for (int j = 0; j < word.length; j++) {
                    if (raw[i + j] != word[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
