package mapillary.archive.common.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DirectorySizeTest {

    @TempDir
    Path dir;

    @Test
    void sumsEveryRegularFileBelowTheDirectory() throws Exception {
        Files.write(dir.resolve("a.tar"), new byte[1000]);
        Files.createDirectories(dir.resolve("2024-01-01/seq"));
        Files.write(dir.resolve("2024-01-01/seq/1.jpg"), new byte[234]);
        Files.createDirectories(dir.resolve("empty"));

        assertThat(DirectorySize.bytes(dir)).isEqualTo(1234);
    }

    @Test
    void aMissingDirectoryIsEmpty() throws Exception {
        assertThat(DirectorySize.bytes(dir.resolve("nope"))).isZero();
    }
}
