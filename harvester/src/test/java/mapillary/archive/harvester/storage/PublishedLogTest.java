package mapillary.archive.harvester.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class PublishedLogTest {

    @TempDir
    Path dir;

    @Test
    void holdsThePagesAcknowledgedIdsUntilCleared() throws Exception {
        try (PublishedLog log = PublishedLog.open(dir, true)) {
            log.add("1");
            log.add("2");
            log.clear();
            log.add("3");
            log.add("4");
        }
        Files.writeString(dir.resolve(PublishedLog.NAME), "5", StandardOpenOption.APPEND); // torn by a crash
        try (PublishedLog resumed = PublishedLog.open(dir, false)) {
            assertThat(resumed.read()).containsExactlyInAnyOrder("3", "4");
        }
        try (PublishedLog fresh = PublishedLog.open(dir, true)) {
            assertThat(fresh.read()).isEmpty();
            fresh.delete();
        }
        assertThat(dir.resolve(PublishedLog.NAME)).doesNotExist();
    }
}
