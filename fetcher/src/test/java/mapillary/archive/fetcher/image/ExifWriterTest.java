package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.event.Json;
import mapillary.archive.fetcher.support.TestJpegs;
import mapillary.archive.fetcher.support.Vectors;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** EXIF of spec §7 with DESIGN §3 fixes, checked against every case of {@code vectors/exif_cases.json}. */
class ExifWriterTest {

    private static final byte[] SOURCE = TestJpegs.jpeg(64, 48);

    @TestFactory
    Stream<DynamicTest> everyVectorCaseReadsBackAsExpected() {
        JsonNode vectors = Vectors.json("exif_cases.json");
        double gpsTolerance = vectors.get("tolerance").get("gps_deg").asDouble();
        return StreamSupport.stream(vectors.get("cases").spliterator(), false).map(c -> DynamicTest.dynamicTest(
                c.get("name").asText(), () -> {
                    JsonNode expected = c.get("expected").isNull()
                            ? c.get("expected_if_lon_lat_taken_from_first_two") : c.get("expected");
                    byte[] out = new ExifWriter().write(SOURCE, (ObjectNode) c.get("record"));
                    ExifReadBack back = ExifReadBack.of(out);
                    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        String key = e.getKey();
                        Object actual = back.value(key);
                        JsonNode want = e.getValue();
                        if (key.endsWith("GPSLatitude") || key.endsWith("GPSLongitude")) {
                            assertThat((Double) actual).as(key).isCloseTo(want.asDouble(), within(gpsTolerance));
                        } else if (key.endsWith("GPSAltitude") || key.endsWith("GPSImgDirection")) {
                            assertThat((Double) actual).as(key).isCloseTo(want.asDouble(), within(1e-9));
                        } else if (key.contains("SubSecTime")) {
                            String text = want.isNumber() ? String.format("%03d", want.asInt()) : want.asText();
                            assertThat(actual).as(key).isEqualTo(text);
                        } else if (want.isNumber()) {
                            assertThat(actual).as(key).isEqualTo(want.asInt());
                        } else {
                            assertThat(actual).as(key).isEqualTo(want.asText());
                        }
                    }
                    for (JsonNode absent : c.get("absent")) {
                        assertThat(back.field(absent.asText())).as(absent.asText() + " must be absent").isNull();
                    }
                }));
    }

    @Test
    void theImageDataIsNotReEncoded() throws Exception {
        byte[] out = new ExifWriter().write(SOURCE, (ObjectNode) Json.MAPPER.readTree(
                "{\"id\":\"1\",\"captured_at\":1705320645007,\"make\":\"Apple\"}"));
        assertThat(fromSos(out)).isEqualTo(fromSos(SOURCE));
    }

    @Test
    void existingTagsOfTheSourceAreKeptUnlessOverwritten() throws Exception {
        TiffOutputSet set = new TiffOutputSet(ByteOrder.BIG_ENDIAN);
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_SOFTWARE, "camera firmware 1.2");
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_MAKE, "OldMake");
        set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, "2001:01:01 01:01:01");
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(SOURCE, withExif, set);

        byte[] out = new ExifWriter().write(withExif.toByteArray(), (ObjectNode) Json.MAPPER.readTree(
                "{\"id\":\"1\",\"captured_at\":1705320645007,\"make\":\"Apple\"}"));
        ExifReadBack back = ExifReadBack.of(out);
        assertThat(back.value("IFD0:Make")).isEqualTo("Apple");
        assertThat(back.value("ExifIFD:DateTimeOriginal")).isEqualTo("2024:01:15 12:10:45");
        assertThat(ExifReadBack.of(out).field("IFD0:Make")).isNotNull();
        assertThat(org.apache.commons.imaging.Imaging.getMetadata(out).toString()).contains("camera firmware 1.2");
    }

    @Test
    void anExistingLittleEndianExifKeepsItsByteOrderAndItsTags() throws Exception {
        TiffOutputSet set = new TiffOutputSet(ByteOrder.LITTLE_ENDIAN);
        set.getOrCreateRootDirectory().add(TiffTagConstants.TIFF_TAG_SOFTWARE, "le firmware 3.1");
        set.getOrCreateExifDirectory().add(ExifTagConstants.EXIF_TAG_ISO, (short) 400);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        new ExifRewriter().updateExifMetadataLossless(SOURCE, withExif, set);
        assertThat(tiffByteOrder(withExif.toByteArray())).as("the source really is little-endian").isEqualTo("II");

        byte[] out = new ExifWriter().write(withExif.toByteArray(), (ObjectNode) Json.MAPPER.readTree(
                "{\"id\":\"1\",\"captured_at\":1705320645007,\"make\":\"Apple\",\"geometry\":"
                        + "{\"type\":\"Point\",\"coordinates\":[13.4,52.5]}}"));

        assertThat(tiffByteOrder(out)).isEqualTo("II");
        var exif = ((org.apache.commons.imaging.formats.jpeg.JpegImageMetadata)
                org.apache.commons.imaging.Imaging.getMetadata(out)).getExif();
        assertThat(exif.contents.header.byteOrder).isEqualTo(ByteOrder.LITTLE_ENDIAN);
        assertThat(exif.findField(TiffTagConstants.TIFF_TAG_SOFTWARE).getStringValue()).isEqualTo("le firmware 3.1");
        assertThat(exif.findField(ExifTagConstants.EXIF_TAG_ISO).getIntValue()).isEqualTo(400);
        ExifReadBack back = ExifReadBack.of(out);
        assertThat(back.value("IFD0:Make")).isEqualTo("Apple");
        assertThat(back.value("ExifIFD:DateTimeOriginal")).isEqualTo("2024:01:15 12:10:45");
        assertThat(back.value("GPS:GPSLatitude")).isInstanceOf(Double.class);
        assertThat((Double) back.value("GPS:GPSLatitude")).isCloseTo(52.5, within(1e-6));
    }

    @Test
    void aNewExifIsBigEndian() throws Exception {
        byte[] out = new ExifWriter().write(SOURCE, (ObjectNode) Json.MAPPER.readTree(
                "{\"id\":\"1\",\"captured_at\":1705320645007}"));
        assertThat(tiffByteOrder(out)).isEqualTo("MM");
    }

    /** "II" or "MM": the TIFF header right after the {@code Exif\0\0} of the APP1 segment. */
    private static String tiffByteOrder(byte[] jpeg) {
        for (int i = 2; i + 10 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xE1 && jpeg[i + 4] == 'E' && jpeg[i + 5] == 'x'
                    && jpeg[i + 6] == 'i' && jpeg[i + 7] == 'f' && jpeg[i + 8] == 0 && jpeg[i + 9] == 0) {
                return new String(jpeg, i + 10, 2, java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
        return "none";
    }

    @Test
    void timesAreUtcWhateverTheMachineZone() throws Exception {
        // the test JVM runs in Europe/Berlin: 12:10:45 UTC would be 13:10:45 local
        byte[] out = new ExifWriter().write(SOURCE, (ObjectNode) Json.MAPPER.readTree(
                "{\"id\":\"1\",\"captured_at\":1705320645007}"));
        ExifReadBack back = ExifReadBack.of(out);
        assertThat(back.value("IFD0:ModifyDate")).isEqualTo("2024:01:15 12:10:45");
        assertThat(back.value("ExifIFD:OffsetTimeOriginal")).isEqualTo("+00:00");
    }

    @Test
    void nonFiniteOrMissingCoordinatesMeanNoPosition() throws Exception {
        for (String geometry : new String[] {"{\"coordinates\":[\"x\",1]}", "{\"coordinates\":[1]}",
                "{\"type\":\"Point\"}", "{\"coordinates\":[1e999,2]}"}) {
            byte[] out = new ExifWriter().write(SOURCE, (ObjectNode) Json.MAPPER.readTree(
                    "{\"id\":\"1\",\"geometry\":" + geometry + "}"));
            ExifReadBack back = ExifReadBack.of(out);
            assertThat(back.field("GPS:GPSLatitude")).as(geometry).isNull();
            assertThat(back.value("GPS:GPSVersionID")).isEqualTo("2 0 0 0");
        }
    }

    private static byte[] fromSos(byte[] jpeg) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xFF && (jpeg[i + 1] & 0xff) == 0xDA) {
                return Arrays.copyOfRange(jpeg, i, jpeg.length);
            }
        }
        throw new AssertionError("no SOS");
    }
}
