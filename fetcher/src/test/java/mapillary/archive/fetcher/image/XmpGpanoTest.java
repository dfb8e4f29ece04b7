package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.fetcher.support.TestJpegs;
import mapillary.archive.fetcher.support.Vectors;
import org.apache.commons.imaging.Imaging;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The XMP GPano packet byte for byte ({@code vectors/xmp}) and its place in the JPEG (spec §8). */
class XmpGpanoTest {

    private static final int APP1 = 0xE1;

    @TestFactory
    Stream<DynamicTest> packetsEqualTheVectorsAndSitAfterTheExif() {
        JsonNode vectors = Vectors.json("xmp/xmp.json");
        return StreamSupport.stream(vectors.get("cases").spliterator(), false).map(c -> DynamicTest.dynamicTest(
                c.get("name").asText(), () -> {
                    ObjectNode record = (ObjectNode) c.get("record");
                    String packet = XmpGpano.packet(record).orElseThrow();
                    byte[] bytes = packet.getBytes(StandardCharsets.UTF_8);
                    assertThat(bytes).isEqualTo(Vectors.bytes("xmp/" + c.get("file").asText()));
                    assertThat(bytes).hasSize(c.get("bytes").asInt());

                    byte[] tagged = new ExifWriter().write(TestJpegs.jpeg(64, 32), record);
                    byte[] out = XmpGpano.insert(tagged, packet);
                    assertThat(TestJpegs.markers(out)).startsWith(0xD8, APP1, APP1);
                    int exifLength = ((out[4] & 0xff) << 8) | (out[5] & 0xff);
                    int xmp = 4 + exifLength;
                    assertThat(new String(out, 6, 4, StandardCharsets.US_ASCII)).isEqualTo("Exif");
                    assertThat(((out[xmp + 2] & 0xff) << 8) | (out[xmp + 3] & 0xff))
                            .isEqualTo(c.get("app1_length_field").asInt());
                    assertThat(new String(out, xmp + 4, 29, StandardCharsets.ISO_8859_1))
                            .isEqualTo(XmpGpano.NAMESPACE + "\0");
                    assertThat(Imaging.getXmpXml(out)).isEqualTo(packet);
                    // EXIF still readable next to the XMP
                    assertThat(ExifReadBack.of(out).value("IFD0:Make")).isEqualTo(record.get("make").asText());
                }));
    }

    @Test
    void anExistingXmpSegmentIsReplacedNotDuplicated() throws Exception {
        ObjectNode first = pano(5760, 2880, 10.0);
        ObjectNode second = pano(6080, 3040, 20.0);
        byte[] once = XmpGpano.insert(TestJpegs.jpeg(64, 32), XmpGpano.packet(first).orElseThrow());
        byte[] twice = XmpGpano.insert(once, XmpGpano.packet(second).orElseThrow());
        assertThat(TestJpegs.markers(twice).stream().filter(m -> m == APP1)).hasSize(1);
        assertThat(Imaging.getXmpXml(twice)).contains("GPano:FullPanoWidthPixels=\"6080\"")
                .contains("GPano:PoseHeadingDegrees=\"20.0\"");
    }

    @Test
    void noPacketWithoutPanoramaOrDimensions() throws Exception {
        assertThat(XmpGpano.packet(pano(5760, 2880, 1).put("is_pano", false))).isEmpty();
        assertThat(XmpGpano.packet(pano(0, 2880, 1))).isEmpty();
        ObjectNode noHeight = pano(5760, 2880, 1);
        noHeight.remove("height");
        assertThat(XmpGpano.packet(noHeight)).isEmpty();
    }

    @Test
    void headingRoundsTheBinaryValueHalfEven() {
        assertThat(XmpGpano.oneDecimal(370.25)).isEqualTo("370.2");
        assertThat(XmpGpano.oneDecimal(68.84)).isEqualTo("68.8");
        assertThat(XmpGpano.oneDecimal(-10.05)).isEqualTo("-10.1");
        assertThat(XmpGpano.oneDecimal(0.25)).isEqualTo("0.2");
    }

    @Test
    void notAJpegIsRefused() {
        assertThatThrownBy(() -> XmpGpano.insert(new byte[] {1, 2, 3}, "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("not a valid JPEG");
    }

    private static ObjectNode pano(int width, int height, double compass) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("id", "1").put("is_pano", true).put("width", width).put("height", height).put("compass_angle", compass);
        return r;
    }
}
