package mapillary.archive.common.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SyncedAppendFileTest {

    @TempDir
    Path dir;

    @Test
    void writtenBytesReachTheFileOnSyncAndAppendsContinueAfterThem() throws Exception {
        Path file = dir.resolve("sub/log");
        try (SyncedAppendFile f = SyncedAppendFile.append(file, 1 << 10)) {
            f.write("one\n".getBytes(StandardCharsets.UTF_8));
            assertThat(Files.size(file)).as("buffered until sync").isZero();
            f.sync();
            assertThat(Files.readString(file)).isEqualTo("one\n");
        }
        try (SyncedAppendFile f = SyncedAppendFile.append(file, 1 << 10)) {
            f.write("two".getBytes(StandardCharsets.UTF_8));
            f.write('\n');
        }
        assertThat(Files.readString(file)).as("close syncs").isEqualTo("one\ntwo\n");
    }

    @Test
    void openCutsWhatFollowsTheKeptPrefix() throws Exception {
        Path file = dir.resolve("log");
        Files.writeString(file, "good\ntorn li");
        try (SyncedAppendFile f = SyncedAppendFile.open(file, 5, 1 << 10)) {
            f.write("next\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(file)).isEqualTo("good\nnext\n");
    }
}
