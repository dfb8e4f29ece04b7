package mapillary.archive.harvester.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RepublishCursorTest {

    @TempDir
    Path dir;

    @Test
    void holdsTheAcknowledgedLinesOfOneHarvest() throws Exception {
        RepublishCursor c = new RepublishCursor(dir);
        assertThat(c.read("h1")).isEmpty();
        c.save("h1", 0);
        assertThat(c.read("h1")).hasValue(0);
        c.save("h1", 4000);
        assertThat(c.read("h1")).hasValue(4000);
        // another harvest's cursor is not ours
        assertThat(c.read("h2")).isEmpty();
        Files.writeString(c.path(), "h1 garbage");
        assertThat(c.read("h1")).isEmpty();
        Files.writeString(c.path(), "h1 -5");
        assertThat(c.read("h1")).isEmpty();
        c.delete();
        assertThat(c.path()).doesNotExist();
    }
}
