package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The XMP GPano packet of spec §8 for panoramas, byte for byte as the original writes it, and its placement in
 * the JPEG: an APP1 segment after the EXIF APP1, replacing an existing XMP APP1.
 */
public final class XmpGpano {

    /** The APP1 payload prefix of an XMP segment (without the NUL). */
    public static final String NAMESPACE = "http://ns.adobe.com/xap/1.0/";
    private static final byte[] PREFIX = (NAMESPACE + "\0").getBytes(StandardCharsets.US_ASCII);

    private XmpGpano() {
    }

    /** The packet for a panorama record; empty when the record is not a panorama or lacks dimensions. */
    public static Optional<String> packet(JsonNode record) {
        if (RecordValues.truthy(record, "is_pano").isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> width = RecordValues.truthy(record, "width").filter(JsonNode::isNumber);
        Optional<JsonNode> height = RecordValues.truthy(record, "height").filter(JsonNode::isNumber);
        if (width.isEmpty() || height.isEmpty()) {
            return Optional.empty();
        }
        String w = number(width.get());
        String h = number(height.get());
        StringBuilder sb = new StringBuilder(700)
                .append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append("  <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n")
                .append("    <rdf:Description rdf:about=\"\"\n")
                .append("      xmlns:GPano=\"http://ns.google.com/photos/1.0/panorama/\"\n")
                .append("      GPano:ProjectionType=\"equirectangular\"\n")
                .append("      GPano:UsePanoramaViewer=\"True\"\n")
                .append("      GPano:FullPanoWidthPixels=\"").append(w).append("\"\n")
                .append("      GPano:FullPanoHeightPixels=\"").append(h).append("\"\n")
                .append("      GPano:CroppedAreaImageWidthPixels=\"").append(w).append("\"\n")
                .append("      GPano:CroppedAreaImageHeightPixels=\"").append(h).append("\"\n")
                .append("      GPano:CroppedAreaLeftPixels=\"0\"\n")
                .append("      GPano:CroppedAreaTopPixels=\"0\"");
        OptionalDouble heading = RecordValues.compass(record);
        if (heading.isPresent()) {
            sb.append("\n      GPano:PoseHeadingDegrees=\"").append(oneDecimal(heading.getAsDouble())).append('"');
        }
        sb.append("/>\n")
                .append("  </rdf:RDF>\n")
                .append("</x:xmpmeta>\n")
                .append("<?xpacket end=\"w\"?>");
        return Optional.of(sb.toString());
    }

    /** One decimal, rounding the exact binary value half-even like Python's {@code f"{x:.1f}"}. */
    static String oneDecimal(double x) {
        return new BigDecimal(x).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String number(JsonNode n) {
        return n.isIntegralNumber() ? n.bigIntegerValue().toString() : Double.toString(n.asDouble());
    }

    /**
     * Places the packet in {@code jpeg}: walking from offset 2 it skips APP0 and non-XMP APP1 segments, replaces an
     * XMP APP1 in place, and otherwise inserts before the first other marker.
     *
     * @throws IllegalArgumentException when the data is not a JPEG or the packet does not fit in one segment
     */
    public static byte[] insert(byte[] jpeg, String packet) {
        if (jpeg.length < 2 || (jpeg[0] & 0xff) != 0xFF || (jpeg[1] & 0xff) != 0xD8) {
            throw new IllegalArgumentException("not a valid JPEG");
        }
        byte[] body = packet.getBytes(StandardCharsets.UTF_8);
        int length = PREFIX.length + body.length + 2;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("XMP packet too large for one APP1 segment");
        }
        ByteArrayOutputStream segment = new ByteArrayOutputStream(length + 2);
        segment.write(0xFF);
        segment.write(0xE1);
        segment.write(length >> 8);
        segment.write(length & 0xff);
        segment.writeBytes(PREFIX);
        segment.writeBytes(body);

        int pos = 2;
        int replaceEnd = -1;
        while (pos + 4 <= jpeg.length && (jpeg[pos] & 0xff) == 0xFF) {
            int marker = jpeg[pos + 1] & 0xff;
            int segLength = ((jpeg[pos + 2] & 0xff) << 8) | (jpeg[pos + 3] & 0xff);
            if (marker == 0xE0) {
                pos += 2 + segLength;
            } else if (marker == 0xE1) {
                if (isXmp(jpeg, pos + 4, segLength - 2)) {
                    replaceEnd = pos + 2 + segLength;
                    break;
                }
                pos += 2 + segLength;
            } else {
                break;
            }
        }
        pos = Math.min(pos, jpeg.length);
        int tail = replaceEnd >= 0 ? Math.min(replaceEnd, jpeg.length) : pos;
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + segment.size());
        out.write(jpeg, 0, pos);
        out.writeBytes(segment.toByteArray());
        out.write(jpeg, tail, jpeg.length - tail);
        return out.toByteArray();
    }

    private static boolean isXmp(byte[] b, int from, int length) {
        if (length < PREFIX.length || from + PREFIX.length > b.length) {
            return false;
        }
        return Arrays.equals(b, from, from + PREFIX.length, PREFIX, 0, PREFIX.length);
    }
}
