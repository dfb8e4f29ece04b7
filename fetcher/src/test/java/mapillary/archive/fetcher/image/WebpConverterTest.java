package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.fetcher.support.TestJpegs;
import org.apache.commons.imaging.Imaging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** cwebp carries EXIF and XMP into the WebP; a missing cwebp is reported with the Debian package name. */
class WebpConverterTest {

    @TempDir
    Path dir;

    @Test
    void exifAndXmpAreCarriedIntoTheWebp() throws Exception {
        ObjectNode record = (ObjectNode) Json.MAPPER.readTree("""
                {"id":"9","captured_at":1705320645123,"make":"RICOH","model":"THETA X","width":5760,"height":2880,
                 "is_pano":true,"computed_compass_angle":68.84,
                 "geometry":{"type":"Point","coordinates":[151.2093,-33.8688]},"altitude":58.719}""");
        byte[] tagged = new ExifWriter().write(TestJpegs.jpeg(128, 64), record);
        String packet = XmpGpano.packet(record).orElseThrow();
        tagged = XmpGpano.insert(tagged, packet);
        Path jpeg = dir.resolve("in.jpg");
        Files.write(jpeg, tagged);
        Path webp = dir.resolve("out.webp");

        WebpConverter converter = new WebpConverter("cwebp", 1);
        assertThat(converter.available()).isTrue();
        converter.convert(jpeg, webp);

        byte[] out = Files.readAllBytes(webp);
        assertThat(new String(out, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        assertThat(new String(out, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WEBP");
        ExifReadBack back = ExifReadBack.of(out);
        assertThat(back.value("IFD0:Make")).isEqualTo("RICOH");
        assertThat(back.value("ExifIFD:DateTimeOriginal")).isEqualTo("2024:01:15 12:10:45");
        assertThat(back.value("ExifIFD:OffsetTimeOriginal")).isEqualTo("+00:00");
        assertThat((Double) back.value("Composite:GPSLatitude")).isCloseTo(-33.8688, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(Imaging.getXmpXml(out)).isEqualTo(packet);
    }

    @Test
    void aMissingCwebpIsReportedWithTheDebianPackage() {
        WebpConverter converter = new WebpConverter("cwebp-that-does-not-exist", 1);
        assertThat(converter.available()).isFalse();
        assertThat(converter.missingMessage()).contains("Debian package 'webp'");
        assertThatThrownBy(() -> converter.convert(dir.resolve("a.jpg"), dir.resolve("a.webp")))
                .isInstanceOf(WebpConverter.ConversionFailedException.class)
                .hasMessageContaining("Debian package 'webp'");
        assertThat(new WebpConverter(dir.resolve("nope").toString(), 1).available()).isFalse();
    }

    @Test
    void aFailingConversionSaysSo() throws Exception {
        Path broken = dir.resolve("broken.jpg");
        Files.write(broken, new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3});
        assertThatThrownBy(() -> new WebpConverter("cwebp", 1).convert(broken, dir.resolve("b.webp")))
                .isInstanceOf(WebpConverter.ConversionFailedException.class)
                .hasMessageStartingWith("cwebp exited with");
    }
}
