package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    private final TestIo t = new TestIo();

    @Test
    void noCommandIsAUsageError() throws Exception {
        assertThat(t.run()).isEqualTo(2);
        assertThat(t.err()).contains("usage: mapillary-archive");
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        assertThat(t.run("download", "alice")).isEqualTo(2);
        assertThat(t.err()).contains("mapillary-archive: error: invalid choice: 'download'");
    }

    @Test
    void helpExitsZero() throws Exception {
        assertThat(t.run("--help")).isZero();
        assertThat(t.out()).contains("harvest USERNAME", "status [ID]", "stats");
        assertThat(t.run("harvest", "--help")).isZero();
        assertThat(t.out()).contains("--no-webp         keep JPEGs");
    }

    @Test
    void versionNamesTheProgram() throws Exception {
        assertThat(t.run("--version")).isZero();
        assertThat(t.out()).startsWith("mapillary-archive ");
    }

    @Test
    void harvestWithoutUsernamesFailsLikeTheOriginal() throws Exception {
        assertThat(t.run("harvest", "--quality", "256")).isEqualTo(1);
        assertThat(t.err()).isEqualTo("Error: At least one username is required\n");
    }

    @Test
    void badQualityPrintsUsageAndExitsTwo() throws Exception {
        assertThat(t.run("harvest", "--quality", "big", "alice")).isEqualTo(2);
        assertThat(t.err()).startsWith("usage: mapillary-archive harvest")
                .contains("mapillary-archive: error: argument --quality: invalid choice: 'big'");
    }

    @Test
    void badBboxExitsOne() throws Exception {
        assertThat(t.run("harvest", "--bbox", "1,2", "alice")).isEqualTo(1);
        assertThat(t.err()).isEqualTo("Error: bbox must be four comma-separated numbers\n");
    }

    @Test
    void statusTakesAtMostOneId() throws Exception {
        assertThat(t.run("status", "a", "b")).isEqualTo(2);
        assertThat(t.err()).contains("unrecognized arguments: b");
    }
}
