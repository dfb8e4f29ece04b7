package mapillary.archive.testkit.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch ({@code add}, {@code remove}, {@code replace}, {@code test}, {@code copy}, {@code move}) as the IA
 * metadata write API applies it; all operations apply or none. Errors are {@link IllegalArgumentException}s whose
 * message the fake returns.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    /** Returns a patched copy of {@code target}; {@code patch} is one operation object or an array of them. */
    static ObjectNode apply(ObjectNode target, JsonNode patch) {
        ObjectNode doc = target.deepCopy();
        List<JsonNode> ops = new ArrayList<>();
        if (patch.isArray()) {
            patch.forEach(ops::add);
        } else if (patch.isObject()) {
            ops.add(patch);
        } else {
            throw new IllegalArgumentException("patch must be a JSON Patch object or array");
        }
        for (JsonNode op : ops) {
            String kind = text(op, "op");
            List<String> path = pointer(text(op, "path"));
            switch (kind) {
                case "add" -> add(doc, path, value(op));
                case "remove" -> remove(doc, path);
                case "replace" -> {
                    get(doc, path);
                    remove(doc, path);
                    add(doc, path, value(op));
                }
                case "test" -> {
                    if (!get(doc, path).equals(value(op))) {
                        throw new IllegalArgumentException("test failed at " + op.get("path").asText());
                    }
                }
                case "copy" -> add(doc, path, get(doc, pointer(text(op, "from"))).deepCopy());
                case "move" -> {
                    List<String> from = pointer(text(op, "from"));
                    JsonNode v = get(doc, from);
                    remove(doc, from);
                    add(doc, path, v);
                }
                default -> throw new IllegalArgumentException("unsupported patch op '" + kind + "'");
            }
        }
        return doc;
    }

    private static String text(JsonNode op, String field) {
        JsonNode v = op.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("patch operation needs a string '" + field + "'");
        }
        return v.asText();
    }

    private static JsonNode value(JsonNode op) {
        if (!op.has("value")) {
            throw new IllegalArgumentException("patch operation needs a 'value'");
        }
        return op.get("value").deepCopy();
    }

    private static List<String> pointer(String p) {
        if (p.isEmpty()) {
            throw new IllegalArgumentException("patching the whole document is not supported");
        }
        if (!p.startsWith("/")) {
            throw new IllegalArgumentException("bad JSON pointer '" + p + "'");
        }
        List<String> out = new ArrayList<>();
        for (String s : p.substring(1).split("/", -1)) {
            out.add(s.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    private static JsonNode parent(JsonNode doc, List<String> path) {
        JsonNode cur = doc;
        for (int i = 0; i < path.size() - 1; i++) {
            cur = child(cur, path.get(i));
            if (cur == null) {
                throw new IllegalArgumentException("path does not exist: /" + String.join("/", path));
            }
        }
        return cur;
    }

    private static JsonNode child(JsonNode node, String token) {
        if (node.isObject()) {
            return node.get(token);
        }
        if (node.isArray()) {
            int i = index(token, node.size() - 1);
            return node.get(i);
        }
        return null;
    }

    private static JsonNode get(JsonNode doc, List<String> path) {
        JsonNode v = child(parent(doc, path), path.getLast());
        if (v == null) {
            throw new IllegalArgumentException("path does not exist: /" + String.join("/", path));
        }
        return v;
    }

    private static void add(JsonNode doc, List<String> path, JsonNode value) {
        JsonNode parent = parent(doc, path);
        String last = path.getLast();
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            if (last.equals("-")) {
                a.add(value);
            } else {
                a.insert(index(last, a.size()), value);
            }
        } else {
            throw new IllegalArgumentException("cannot add below a scalar at /" + String.join("/", path));
        }
    }

    private static void remove(JsonNode doc, List<String> path) {
        JsonNode parent = parent(doc, path);
        String last = path.getLast();
        if (parent instanceof ObjectNode o) {
            if (o.remove(last) == null) {
                throw new IllegalArgumentException("path does not exist: /" + String.join("/", path));
            }
        } else if (parent instanceof ArrayNode a) {
            a.remove(index(last, a.size() - 1));
        } else {
            throw new IllegalArgumentException("path does not exist: /" + String.join("/", path));
        }
    }

    private static int index(String token, int max) {
        try {
            int i = Integer.parseInt(token);
            if (i < 0 || i > max || (token.length() > 1 && token.startsWith("0"))) {
                throw new IllegalArgumentException("array index out of range: " + token);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad array index '" + token + "'");
        }
    }
}
