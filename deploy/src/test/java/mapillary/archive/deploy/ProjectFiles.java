package mapillary.archive.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository files the manifests must agree with: services' configuration, Dockerfiles, poms. */
final class ProjectFiles {

    /** The services that run as Deployments, by Maven module name. */
    static final List<String> SERVICES = List.of("harvester", "fetcher", "archiver", "stats");

    private static final Pattern DEFAULT_EXPRESSION = Pattern.compile("\\$\\{[^:}]+:([^}]*)}");

    private ProjectFiles() {
    }

    /** The repository root: {@code -Dproject.root} (set by surefire), else the parent of the deploy module. */
    static Path root() {
        String configured = System.getProperty("project.root");
        Path root = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve("deploy/k8s"))) {
            throw new IllegalStateException("not the repository root (no deploy/k8s): " + root);
        }
        return root;
    }

    static Path k8s() {
        return root().resolve("deploy/k8s");
    }

    static Properties applicationProperties(String module) {
        Path file = root().resolve(module).resolve("src/main/resources/application.properties");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** A property's value with {@code ${ENV:default}} resolved to its default, as when no env var is set. */
    static Optional<String> property(String module, String key) {
        String value = applicationProperties(module).getProperty(key);
        if (value == null) {
            return Optional.empty();
        }
        Matcher matcher = DEFAULT_EXPRESSION.matcher(value.trim());
        return Optional.of(matcher.matches() ? matcher.group(1) : value.trim());
    }

    static Path dockerfile(String module) {
        return root().resolve(module).resolve("src/main/docker/Dockerfile.jvm");
    }

    static List<String> dockerfileLines(String module) {
        return readLines(dockerfile(module));
    }

    /** The ports a Dockerfile EXPOSEs. */
    static List<Integer> exposedPorts(String module) {
        return instructions(module, "EXPOSE").stream()
                .flatMap(arguments -> List.of(arguments.split("\\s+")).stream())
                .map(port -> Integer.parseInt(port.replaceFirst("/tcp$", "")))
                .toList();
    }

    /** The arguments of every instruction of this name, in order (continuation lines joined, comments skipped). */
    static List<String> instructions(String module, String instruction) {
        List<String> joined = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : dockerfileLines(module)) {
            String line = raw.trim();
            if (line.startsWith("#") || (line.isEmpty() && current.isEmpty())) {
                continue;
            }
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1) : line).append(' ');
            if (!continues) {
                joined.add(current.toString().trim().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return joined.stream()
                .filter(line -> line.toUpperCase().startsWith(instruction + " "))
                .map(line -> line.substring(instruction.length()).trim())
                .toList();
    }

    static String pom(String module) {
        try {
            return Files.readString(root().resolve(module).resolve("pom.xml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
