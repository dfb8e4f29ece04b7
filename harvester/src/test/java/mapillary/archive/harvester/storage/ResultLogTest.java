package mapillary.archive.harvester.storage;

import mapillary.archive.common.event.ImageResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultLogTest {

    @TempDir
    Path dir;

    private List<String> replay(String harvestId) throws Exception {
        List<String> seen = new ArrayList<>();
        try (ResultLog log = ResultLog.open(dir, harvestId, (s, b, id) -> seen.add(s + " " + b + " " + id))) {
            assertThat(log.path()).exists();
        }
        return seen;
    }

    @Test
    void replaysWhatWasSyncedForTheSameHarvest() throws Exception {
        try (ResultLog log = ResultLog.open(dir, "h1", (s, b, id) -> { })) {
            log.append(ImageResult.Status.OK, 1234, "100");
            log.append(ImageResult.Status.FAILED, 0, "101");
            log.append(ImageResult.Status.SKIPPED, 0, "102");
            log.sync();
        }
        assertThat(replay("h1")).containsExactly("OK 1234 100", "FAILED 0 101", "SKIPPED 0 102");
        // reopening appends after what is there
        try (ResultLog log = ResultLog.open(dir, "h1", (s, b, id) -> { })) {
            log.append(ImageResult.Status.OK, 5, "103");
        }
        assertThat(replay("h1")).hasSize(4).last().isEqualTo("OK 5 103");
    }

    @Test
    void anotherHarvestsLogStartsAfresh() throws Exception {
        try (ResultLog log = ResultLog.open(dir, "old", (s, b, id) -> { })) {
            log.append(ImageResult.Status.OK, 1, "1");
        }
        assertThat(replay("new")).isEmpty();
        assertThat(Files.readString(dir.resolve(ResultLog.NAME))).isEqualTo("harvest new\n");
    }

    @Test
    void unsyncedAppendsAreLostLikeACrashAndATornLineIsCut() throws Exception {
        ResultLog crashed = ResultLog.open(dir, "h", (s, b, id) -> { });
        crashed.append(ImageResult.Status.OK, 10, "1");
        crashed.sync();
        crashed.append(ImageResult.Status.OK, 20, "2"); // still in the buffer when the process dies
        Files.writeString(dir.resolve(ResultLog.NAME), "O 3", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        assertThat(replay("h")).containsExactly("OK 10 1");
        assertThat(Files.readString(dir.resolve(ResultLog.NAME))).isEqualTo("harvest h\nO 10 1\n");
        crashed.close();
    }
}
