package mapillary.archive.common.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirsTest {

    @TempDir
    Path tmp;

    @Test
    void resolvesStagingAndOutputOfACollectionUnderTheNormalisedRoot() {
        DataDirs dirs = new DataDirs(tmp.resolve("a/../data"));

        assertThat(dirs.root()).isEqualTo(tmp.resolve("data").toAbsolutePath());
        assertThat(dirs.stagingRoot()).isEqualTo(dirs.root().resolve("staging"));
        assertThat(dirs.outputRoot()).isEqualTo(dirs.root().resolve("output"));
        assertThat(dirs.staging("mapillary-alice-256")).isEqualTo(dirs.root().resolve("staging/mapillary-alice-256"));
        assertThat(dirs.output("mapillary-alice-256")).isEqualTo(dirs.root().resolve("output/mapillary-alice-256"));
        assertThat(dirs.serviceDir("archiver")).isEqualTo(dirs.root().resolve("archiver"));
    }

    @Test
    void aRelativeRootIsMadeAbsolute() {
        Path root = new DataDirs(Path.of(DataDirs.DEFAULT)).root();

        assertThat(root).isAbsolute();
        assertThat(root.getFileName()).hasToString("mapillary-data");
    }

    @Test
    void refusesNamesThatWouldLeaveTheirDirectory() {
        DataDirs dirs = new DataDirs(tmp);

        for (String bad : new String[] {"..", "../x", "a/b", "", ".hidden", "/abs"}) {
            assertThatThrownBy(() -> dirs.staging(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("unsafe collection");
            assertThatThrownBy(() -> dirs.output(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> dirs.staging(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dirs.serviceDir("..")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void relativeGivesSlashSeparatedPathsForEvents() {
        DataDirs dirs = new DataDirs(tmp);

        assertThat(dirs.relative(dirs.output("mapillary-bob-1024").resolve("2024-01-01.tar")))
                .isEqualTo("output/mapillary-bob-1024/2024-01-01.tar");
    }
}
