package mapillary.archive.fetcher.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads GPSVersionID (GPS tag 0) straight from the TIFF bytes: Commons Imaging's reader skips entries with tag 0,
 * so the test cannot see it through the library.
 */
final class RawGpsVersion {

    private RawGpsVersion() {
    }

    /** "2 0 0 0" style, or null when absent. */
    static String read(byte[] image) {
        int tiff = tiffStart(image);
        if (tiff < 0) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(image);
        b.order(image[tiff] == 'M' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int ifd0 = tiff + b.getInt(tiff + 4);
        int gpsOffset = -1;
        int n = b.getShort(ifd0) & 0xffff;
        for (int i = 0; i < n; i++) {
            int e = ifd0 + 2 + 12 * i;
            if ((b.getShort(e) & 0xffff) == 0x8825) {
                gpsOffset = b.getInt(e + 8);
            }
        }
        if (gpsOffset < 0) {
            return null;
        }
        int gps = tiff + gpsOffset;
        int m = b.getShort(gps) & 0xffff;
        for (int i = 0; i < m; i++) {
            int e = gps + 2 + 12 * i;
            if ((b.getShort(e) & 0xffff) == 0 && (b.getShort(e + 2) & 0xffff) == 1 && b.getInt(e + 4) == 4) {
                return image[e + 8] + " " + image[e + 9] + " " + image[e + 10] + " " + image[e + 11];
            }
        }
        return null;
    }

    /** Offset of the TIFF header ("MM" or "II") of the EXIF block in a JPEG or WebP file. */
    private static int tiffStart(byte[] image) {
        int exif = indexOf(image, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), 0);
        if (exif >= 0) {
            return exif + 6;
        }
        int chunk = indexOf(image, "EXIF".getBytes(StandardCharsets.ISO_8859_1), 12);
        return chunk < 0 ? -1 : chunk + 8;
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
