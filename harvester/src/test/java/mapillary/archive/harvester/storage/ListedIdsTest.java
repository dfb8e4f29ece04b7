package mapillary.archive.harvester.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ListedIdsTest {

    @TempDir
    Path tmp;

    @Test
    void remembersManyIdsOnDiskAndCountsEachOnce() throws Exception {
        Path dir = tmp.resolve("ids");
        try (ListedIds ids = ListedIds.open(dir)) {
            for (long i = 0; i < 300_000; i++) {
                assertThat(ids.add(Long.toString(1_000_000_000_000L + i * 7919))).isTrue();
            }
            assertThat(ids.add("1000000000000")).isFalse();
            assertThat(ids.contains(Long.toString(1_000_000_000_000L + 299_999L * 7919))).isTrue();
            assertThat(ids.contains("1000000000001")).isFalse();
            assertThat(ids.add("abc_1")).isTrue();
            assertThat(ids.add("abc_1")).isFalse();
            assertThat(ids.add("012")).isTrue();
            assertThat(ids.add("12")).isTrue();
            assertThat(ids.add("12")).isFalse();
            assertThat(ids.size()).isEqualTo(300_003);
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void openingStartsEmptyWhateverACrashedRunLeft() throws Exception {
        Path dir = tmp.resolve("ids");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("CURRENT"), "MANIFEST-000042\n"); // a store torn by a crash
        Files.writeString(dir.resolve("000042.sst"), "junk");
        try (ListedIds ids = ListedIds.open(dir)) {
            assertThat(ids.size()).isZero();
            assertThat(ids.add("1")).isTrue();
            assertThat(ids.contains("1")).isTrue();
        }
    }
}
