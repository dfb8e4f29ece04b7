package mapillary.archive.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Kubernetes objects of one kustomization, rendered by {@code kubectl kustomize} when kubectl is on the PATH,
 * otherwise by a small reader of the same files (resources, configMapGenerator, namespace, replacements).
 */
record Manifests(List<ObjectNode> objects, boolean renderedByKubectl) {

    static final YAMLMapper YAML = new YAMLMapper();

    /** Kinds that have no namespace (the ones our manifests use). */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace");

    /** System property naming the kubectl to use; {@code none} forces the file reader. */
    static final String KUBECTL_PROPERTY = "deploy.kubectl";

    static Manifests render(Path kustomizationDir) {
        Optional<Path> kubectl = kubectl();
        return kubectl.isPresent()
                ? new Manifests(kubectlKustomize(kubectl.get(), kustomizationDir), true)
                : readFiles(kustomizationDir);
    }

    /** kubectl from {@code -Ddeploy.kubectl=<path>|none}, else the first one on the PATH. */
    static Optional<Path> kubectl() {
        String forced = System.getProperty(KUBECTL_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return forced.equals("none") ? Optional.empty() : Optional.of(Path.of(forced));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static List<ObjectNode> kubectlKustomize(Path kubectl, Path dir) {
        try {
            Path out = Files.createTempFile("kustomize-", ".yaml");
            Path err = Files.createTempFile("kustomize-", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " did not finish in 120 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + Files.readString(err));
                }
                return parse(Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** All YAML documents of a multi-document text that are objects (comment-only documents are skipped). */
    static List<ObjectNode> parse(String yaml) {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            List<ObjectNode> objects = new ArrayList<>();
            while (documents.hasNextValue()) {
                JsonNode document = documents.nextValue();
                if (document instanceof ObjectNode object && object.has("kind")) {
                    objects.add(object);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a kustomization without kubectl: its {@code resources} (files and directories, recursively), its
     * {@code configMapGenerator} literals (create and merge, no hash suffix), {@code namespace} and simple
     * {@code replacements}. Enough for our manifests; not a general kustomize.
     */
    static Manifests readFiles(Path dir) {
        JsonNode kustomization = readYaml(dir.resolve("kustomization.yaml"));
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(readFiles(path).objects());
            } else {
                objects.addAll(parse(readString(path)));
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            String name = generator.path("name").asText();
            ObjectNode configMap = generator.path("behavior").asText("create").equals("merge")
                    ? find(objects, "ConfigMap", name).orElseThrow(() -> new IllegalStateException("no " + name))
                    : newConfigMap(objects, name);
            for (JsonNode literal : generator.path("literals")) {
                String text = literal.asText();
                int eq = text.indexOf('=');
                configMap.with("data").put(text.substring(0, eq), text.substring(eq + 1));
            }
            for (JsonNode file : generator.path("files")) {
                Path path = dir.resolve(file.asText()).normalize();
                configMap.with("data").put(path.getFileName().toString(), readString(path));
            }
            generator.path("options").path("labels").fields().forEachRemaining(label ->
                    configMap.with("metadata").with("labels").put(label.getKey(), label.getValue().asText()));
        }
        for (JsonNode label : kustomization.path("labels")) {
            applyLabels(objects, label);
        }
        String namespace = kustomization.path("namespace").asText("");
        if (!namespace.isEmpty()) {
            objects.stream()
                    .filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> o.with("metadata").put("namespace", namespace));
        }
        for (JsonNode replacement : kustomization.path("replacements")) {
            applyReplacement(objects, replacement);
        }
        return new Manifests(objects, false);
    }

    /** A {@code labels} entry: its pairs on every object, and on pod templates when {@code includeTemplates}. */
    private static void applyLabels(List<ObjectNode> objects, JsonNode label) {
        if (label.path("includeSelectors").asBoolean(false)) {
            throw new UnsupportedOperationException("labels with includeSelectors are not supported by this reader");
        }
        boolean templates = label.path("includeTemplates").asBoolean(false);
        for (ObjectNode object : objects) {
            List<ObjectNode> targets = new ArrayList<>(List.of(object.with("metadata")));
            if (templates && object.path("spec").path("template").isObject()) {
                targets.add(((ObjectNode) object.path("spec").path("template")).with("metadata"));
            }
            for (ObjectNode metadata : targets) {
                label.path("pairs").fields().forEachRemaining(pair -> metadata.with("labels")
                        .put(pair.getKey(), pair.getValue().asText()));
            }
        }
    }

    private static ObjectNode newConfigMap(List<ObjectNode> objects, String name) {
        ObjectNode configMap = YAML.createObjectNode();
        configMap.put("apiVersion", "v1").put("kind", "ConfigMap");
        configMap.putObject("metadata").put("name", name);
        configMap.putObject("data");
        objects.add(configMap);
        return configMap;
    }

    private static void applyReplacement(List<ObjectNode> objects, JsonNode replacement) {
        JsonNode source = replacement.path("source");
        ObjectNode from = find(objects, source.path("kind").asText(), source.path("name").asText())
                .orElseThrow(() -> new IllegalStateException("replacement source missing: " + source));
        JsonNode value = at(from, source.path("fieldPath").asText());
        for (JsonNode target : replacement.path("targets")) {
            JsonNode select = target.path("select");
            ObjectNode to = find(objects, select.path("kind").asText(), select.path("name").asText())
                    .orElseThrow(() -> new IllegalStateException("replacement target missing: " + select));
            for (JsonNode fieldPath : target.path("fieldPaths")) {
                String path = fieldPath.asText();
                int last = path.lastIndexOf('.');
                ((ObjectNode) at(to, path.substring(0, last))).set(path.substring(last + 1), value.deepCopy());
            }
        }
    }

    /** Follows a kustomize field path such as {@code spec.triggers.[type=kafka].metadata}. */
    private static JsonNode at(JsonNode node, String fieldPath) {
        JsonNode current = node;
        for (String segment : fieldPath.split("\\.")) {
            if (segment.startsWith("[") && segment.endsWith("]")) {
                String[] match = segment.substring(1, segment.length() - 1).split("=", 2);
                JsonNode found = null;
                for (JsonNode element : (ArrayNode) current) {
                    if (element.path(match[0]).asText().equals(match[1])) {
                        found = element;
                        break;
                    }
                }
                current = found == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : found;
            } else {
                current = current.path(segment);
            }
        }
        if (current.isMissingNode()) {
            throw new IllegalStateException("no " + fieldPath + " in " + node.path("metadata").path("name"));
        }
        return current;
    }

    private static Optional<ObjectNode> find(List<ObjectNode> objects, String kind, String name) {
        return objects.stream()
                .filter(o -> o.path("kind").asText().equals(kind))
                .filter(o -> o.path("metadata").path("name").asText().equals(name))
                .findFirst();
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    /** The only object of this kind (fails otherwise). */
    ObjectNode single(String kind) {
        List<ObjectNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " but found " + found.size());
        }
        return found.getFirst();
    }

    /** The object of this kind and name; ConfigMap names may carry kustomize's hash suffix. */
    ObjectNode named(String kind, String name) {
        return ofKind(kind).stream()
                .filter(o -> baseName(o).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** kustomize's name suffix for generated ConfigMaps: 10 characters of an alphabet without vowels. */
    static final String HASH_SUFFIX = "-[bcdfghjklmnpqrstvwxz2456789]{10}$";

    /** An object's name without the hash suffix kustomize appends to generated ConfigMaps. */
    static String baseName(JsonNode object) {
        String name = object.path("metadata").path("name").asText();
        return object.path("kind").asText().equals("ConfigMap") ? name.replaceFirst(HASH_SUFFIX, "") : name;
    }
}
