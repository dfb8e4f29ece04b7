package mapillary.archive.harvester.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mapillary.archive.common.collection.Bbox;
import mapillary.archive.common.collection.CollectionName;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.common.io.PathComponents;
import mapillary.archive.harvester.job.HarvestRequest;

import java.util.Iterator;
import java.util.Set;

/**
 * Turns a POST body into a validated {@link HarvestRequest}, or a 400 problem naming what is wrong (and, in
 * {@code field}, which field). Strict on purpose: unknown fields, duplicate keys, wrong types and trailing text are
 * rejected rather than guessed at.
 */
public final class RequestParser {

    static final Set<String> FIELDS = Set.of("username", "quality", "webp", "bbox", "force", "tar", "checkIa");
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RequestParser() {
    }

    public static HarvestRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the request body is not valid JSON: "
                    + printable(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw ProblemException.badRequest("the request body must be a JSON object such as "
                    + "{\"username\": \"alice\", \"quality\": \"original\"}");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                String shown = PathComponents.quote(name);
                throw ProblemException.badField(shown.substring(1, shown.length() - 1), "unknown field " + shown
                        + "; allowed: username, quality, webp, bbox, force, tar, checkIa");
            }
        }
        JsonNode u = root.get("username");
        if (u == null || u.isNull()) {
            throw ProblemException.badField("username", "username is required");
        }
        if (!u.isTextual() || !CollectionName.isValidUsername(u.asText())) {
            throw ProblemException.badField("username", "invalid username "
                    + PathComponents.quote(u.isTextual() ? u.asText() : u.toString())
                    + ": 1-64 characters of A-Z a-z 0-9 _ . -, not starting with a dot");
        }
        Quality quality = quality(root.get("quality"));
        Bbox bbox = bbox(root.get("bbox"));
        return new HarvestRequest(u.asText(), quality, bool(root, "webp", true), bbox, bool(root, "force", false),
                bool(root, "tar", true), bool(root, "checkIa", true));
    }

    private static Quality quality(JsonNode q) {
        if (q == null || q.isNull()) {
            return Quality.ORIGINAL;
        }
        if (q.isTextual() || q.isIntegralNumber()) {
            return Quality.parse(q.asText()).orElseThrow(() -> ProblemException.badField("quality",
                    "quality must be one of 256, 1024, 2048, original; got " + PathComponents.quote(q.asText())));
        }
        throw ProblemException.badField("quality", "quality must be one of 256, 1024, 2048, original");
    }

    private static Bbox bbox(JsonNode b) {
        if (b == null || b.isNull()) {
            return null;
        }
        try {
            if (b.isTextual()) {
                return Bbox.parse(b.asText());
            }
            if (b.isArray() && b.size() == 4) {
                double[] v = new double[4];
                for (int i = 0; i < 4; i++) {
                    if (!b.get(i).isNumber()) {
                        throw new IllegalArgumentException("bbox must be four numbers west, south, east, north");
                    }
                    v[i] = b.get(i).asDouble();
                }
                return new Bbox(v[0], v[1], v[2], v[3]);
            }
        } catch (IllegalArgumentException e) {
            throw ProblemException.badField("bbox", e.getMessage());
        }
        throw ProblemException.badField("bbox",
                "bbox must be \"west,south,east,north\" or an array of four numbers");
    }

    private static boolean bool(JsonNode root, String field, boolean dflt) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw ProblemException.badField(field, field + " must be true or false");
        }
        return n.booleanValue();
    }

    /** Parser messages quote the input: printable ASCII only, at most 200 characters. */
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
