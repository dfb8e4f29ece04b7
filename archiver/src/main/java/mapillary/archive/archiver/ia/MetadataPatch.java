package mapillary.archive.archiver.ia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * The JSON Patch (RFC 6902) that brings an IA item's metadata to our {@code .meta} tags: one {@code add} (which
 * replaces an existing field) per tag whose value differs; one value as a string, several as a list, as IA stores
 * them. Fields IA keeps itself ({@code uploader}, {@code addeddate}, ...) are left alone.
 */
public final class MetadataPatch {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MetadataPatch() {
    }

    /** The operations needed; empty when {@code remote} already holds every tag with the same values. */
    public static ArrayNode of(JsonNode remote, Map<String, List<String>> tags) {
        ArrayNode patch = NODES.arrayNode();
        tags.forEach((tag, values) -> {
            if (values.isEmpty()) {
                return;
            }
            JsonNode want = value(values);
            if (!want.equals(remote.get(tag))) {
                ObjectNode op = patch.addObject();
                op.put("op", "add");
                op.put("path", "/" + tag.replace("~", "~0").replace("/", "~1"));
                op.set("value", want);
            }
        });
        return patch;
    }

    private static JsonNode value(List<String> values) {
        if (values.size() == 1) {
            return NODES.textNode(values.get(0));
        }
        ArrayNode a = NODES.arrayNode();
        values.forEach(a::add);
        return a;
    }
}
