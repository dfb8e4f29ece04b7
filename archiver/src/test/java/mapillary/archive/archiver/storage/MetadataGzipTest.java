package mapillary.archive.archiver.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class MetadataGzipTest {

    @TempDir
    Path dir;

    @Test
    void compressesAtLevelNineWithTheOriginalNameAndDeletesThePlainFile() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            sb.append("{\"id\": \"").append(i).append("\", \"make\": \"\\u00d1ikon\"}\n");
        }
        sb.append("{\"__complete__\": true}\n");
        String content = sb.toString();
        Files.writeString(dir.resolve("metadata.jsonl"), content);
        Instant now = Instant.parse("2026-11-25T12:00:00Z");

        assertThat(MetadataGzip.compress(dir, now)).isTrue();

        Path gz = dir.resolve("metadata.jsonl.gz");
        assertThat(dir.resolve("metadata.jsonl")).doesNotExist();
        byte[] bytes = Files.readAllBytes(gz);
        assertThat(bytes[0] & 0xff).isEqualTo(0x1f);
        assertThat(bytes[1] & 0xff).isEqualTo(0x8b);
        assertThat(bytes[3] & 0x08).as("FNAME flag").isEqualTo(0x08);
        long mtime = (bytes[4] & 0xffL) | (bytes[5] & 0xffL) << 8 | (bytes[6] & 0xffL) << 16 | (bytes[7] & 0xffL) << 24;
        assertThat(mtime).isEqualTo(now.getEpochSecond());
        assertThat(bytes[8]).as("XFL maximum compression").isEqualTo((byte) 2);
        assertThat(new String(bytes, 10, "metadata.jsonl".length(), StandardCharsets.ISO_8859_1))
                .isEqualTo("metadata.jsonl");
        assertThat(bytes[10 + "metadata.jsonl".length()]).isZero();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(content);
        }
        assertThat(bytes.length).isLessThan(content.length() / 5);
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
    }

    @Test
    void theSystemGunzipReadsItAndReportsTheName() throws Exception {
        Files.writeString(dir.resolve("metadata.jsonl"), "{\"id\": \"1\"}\n");
        MetadataGzip.compress(dir, Instant.now());
        Process p;
        try {
            p = new ProcessBuilder("gzip", "-lN", dir.resolve("metadata.jsonl.gz").toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException noGzip) {
            org.junit.jupiter.api.Assumptions.abort("no gzip binary");
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertThat(p.waitFor()).isZero();
        assertThat(out.toString()).contains(dir.resolve("metadata.jsonl").toString());
    }

    @Test
    void emptyOrMissingMetadataIsLeftAlone() throws Exception {
        assertThat(MetadataGzip.compress(dir, Instant.now())).isFalse();
        Files.writeString(dir.resolve("metadata.jsonl"), "");
        assertThat(MetadataGzip.compress(dir, Instant.now())).isFalse();
        assertThat(dir.resolve("metadata.jsonl.gz")).doesNotExist();
    }
}
