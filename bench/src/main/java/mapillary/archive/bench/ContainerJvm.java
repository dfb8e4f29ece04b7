package mapillary.archive.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options and environment a service's container image runs it with ({@code ENV} of its
 * {@code src/main/docker/Dockerfile.jvm}), so the harness measures a service as it is deployed, memory flags included.
 * An image that sizes its heap from the container ({@code MaxRAMPercentage}) has no meaning outside one: then the
 * harness keeps its own default.
 */
public record ContainerJvm(List<String> options, Map<String, String> env) {

    private static final Pattern JAVA_OPTS = Pattern.compile("JAVA_OPTS=\"([^\"]*)\"");
    private static final Pattern ENV_LINE = Pattern.compile("^\\s*(?:ENV\\s+)?([A-Z][A-Z0-9_]*)=([^\\s\"\\\\]+)\\s*\\\\?$");
    private static final Set<String> NOT_COPIED = Set.of("ARCHIVE_DATA_DIR", "LANGUAGE", "LANG", "TZ");

    /** Reads {@code <root>/<module>/src/main/docker/Dockerfile.jvm}, or uses {@code fallback} without one. */
    public static ContainerJvm of(Path root, String module, List<String> fallback) {
        Path dockerfile = root.resolve(module).resolve("src/main/docker/Dockerfile.jvm");
        if (!Files.isRegularFile(dockerfile)) {
            return new ContainerJvm(fallback, Map.of());
        }
        try {
            return parse(Files.readString(dockerfile), fallback);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile, e);
        }
    }

    static ContainerJvm parse(String dockerfile, List<String> fallback) {
        Matcher m = JAVA_OPTS.matcher(dockerfile);
        List<String> options = new ArrayList<>();
        if (m.find()) {
            for (String o : m.group(1).trim().split("\\s+")) {
                if (!o.isEmpty()) {
                    options.add(o);
                }
            }
        }
        if (options.isEmpty() || options.stream().anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage"))) {
            return new ContainerJvm(fallback, Map.of());
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : dockerfile.split("\n")) {
            Matcher e = ENV_LINE.matcher(line);
            if (e.matches() && !NOT_COPIED.contains(e.group(1))) {
                env.put(e.group(1), e.group(2));
            }
        }
        return new ContainerJvm(List.copyOf(options), Map.copyOf(env));
    }
}
