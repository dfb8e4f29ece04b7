package mapillary.archive.archiver.tar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures tar throughput on one date of 5,000 files of ~172 KB (the quality-1024 size): run with
 * {@code -Dtest=TarThroughputTest -Dbench=true}. Prints MB/s; asserts only that every file went into the tar.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TarThroughputTest {

    @TempDir
    Path dir;

    @Test
    void tarsADateOfFiveThousandFiles() throws Exception {
        int files = Integer.getInteger("bench.files", 5000);
        int size = Integer.getInteger("bench.size", 172_000);
        byte[] content = new byte[size];
        new Random(1).nextBytes(content);
        for (int i = 0; i < files; i++) {
            Path p = dir.resolve("2024-01-15/seq" + (i % 50) + "/" + (1_000_000 + i) + ".jpg");
            Files.createDirectories(p.getParent());
            Files.write(p, content);
            Files.setLastModifiedTime(p, FileTime.fromMillis(1705312800000L + i * 1000L));
        }
        long t0 = System.nanoTime();
        DateTarResult r = DateTarrer.tar(dir, "2024-01-15");
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(r.files()).isEqualTo(files);
        System.out.printf("TAR THROUGHPUT: %d files, %.1f MB in %.2f s = %.1f MB/s (write, fsync, verify, remove)%n",
                files, r.bytes() / 1e6, seconds, r.bytes() / 1e6 / seconds);
    }
}
