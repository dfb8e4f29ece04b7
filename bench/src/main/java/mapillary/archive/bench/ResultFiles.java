package mapillary.archive.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import mapillary.archive.common.event.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The results directory: one {@code <yyyy-MM-dd>-<scenario>.json} per scenario and day (a later run replaces it). */
public final class ResultFiles {

    private static final ObjectMapper JSON = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    public ResultFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes {@code result} and returns the file. */
    public Path write(ScenarioResult result) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(result.date() + "-" + result.scenario() + ".json");
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), result);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** The newest result of each scenario (by finishedAt), keyed by scenario name. */
    public Map<String, JsonNode> latest() throws IOException {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return latest;
        }
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(f -> f.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}-.*\\.json"))
                    .sorted().toList()) {
                all.add(JSON.readTree(p.toFile()));
            }
        }
        all.sort(Comparator.comparing(n -> n.path("finishedAt").asText()));
        all.forEach(n -> latest.put(n.path("scenario").asText(), n));
        return latest;
    }
}
