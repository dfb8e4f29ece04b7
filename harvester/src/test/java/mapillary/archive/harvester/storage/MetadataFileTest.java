package mapillary.archive.harvester.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataFileTest {

    @TempDir
    Path dir;

    @Test
    void appendsLinesAndTheMarker() throws IOException {
        try (MetadataFile m = new MetadataFile(dir)) {
            m.append("{\"id\": \"1\"}".getBytes(StandardCharsets.UTF_8));
            m.append("{\"id\": \"2\"}".getBytes(StandardCharsets.UTF_8));
            m.appendMarker();
        }
        assertThat(Files.readString(dir.resolve("metadata.jsonl")))
                .isEqualTo("{\"id\": \"1\"}\n{\"id\": \"2\"}\n{\"__complete__\": true}\n");
    }

    @Test
    void cutsATornLastLine() throws IOException {
        Files.writeString(dir.resolve("metadata.jsonl"), "{\"id\": \"1\"}\n{\"id\": \"2\"}\n{\"id\": \"3");
        MetadataFile m = new MetadataFile(dir);
        assertThat(m.truncateTornTail()).isEqualTo(9);
        List<String> lines = new ArrayList<>();
        m.forEachLine(lines::add);
        assertThat(lines).containsExactly("{\"id\": \"1\"}", "{\"id\": \"2\"}");
    }

    @Test
    void aWholeFileWithoutNewlineIsEmptied() throws IOException {
        Files.writeString(dir.resolve("metadata.jsonl"), "{\"id\"");
        assertThat(new MetadataFile(dir).truncateTornTail()).isEqualTo(5);
        assertThat(Files.size(dir.resolve("metadata.jsonl"))).isZero();
        assertThat(new MetadataFile(dir.resolve("missing")).truncateTornTail()).isZero();
    }

    @Test
    void cursorIsSavedWithoutToken(@TempDir Path d) {
        CursorFile c = new CursorFile(d);
        assertThat(c.read()).isEmpty();
        c.save("https://g/images?after=x&access_token=MLY|1|s");
        assertThat(c.read()).contains("https://g/images?after=x");
        c.delete();
        assertThat(c.read()).isEmpty();
    }
}
