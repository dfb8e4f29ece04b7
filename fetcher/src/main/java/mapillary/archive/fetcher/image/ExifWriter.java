package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.imaging.ImagingException;
import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.GpsTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryType;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfo;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfoAscii;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputDirectory;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Writes the EXIF of spec §7 into a JPEG without re-encoding it (Commons Imaging's lossless rewrite), with the
 * DESIGN §3 fixes: times in UTC with {@code OffsetTime*: +00:00}, GPS to 1e-6 arc-second. Existing EXIF is kept
 * unless overwritten; Orientation is never written.
 */
public final class ExifWriter {

    public static final TagInfoAscii OFFSET_TIME = new TagInfoAscii("OffsetTime", 0x9010, 7,
            TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);
    public static final TagInfoAscii OFFSET_TIME_ORIGINAL = new TagInfoAscii("OffsetTimeOriginal", 0x9011, 7,
            TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);
    public static final TagInfoAscii OFFSET_TIME_DIGITIZED = new TagInfoAscii("OffsetTimeDigitized", 0x9012, 7,
            TiffDirectoryType.EXIF_DIRECTORY_EXIF_IFD);

    static final String UTC_OFFSET = "+00:00";
    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** Returns the JPEG with the record's EXIF; throws when the JPEG cannot be parsed or written. */
    public byte[] write(byte[] jpeg, JsonNode record) throws IOException {
        TiffOutputSet set = existing(jpeg).orElseGet(() -> new TiffOutputSet(ByteOrder.BIG_ENDIAN));
        apply(set, record);
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 2048);
        new ExifRewriter().updateExifMetadataLossless(withoutLeadingJfif(jpeg), out, set);
        return out.toByteArray();
    }

    /**
     * The JPEG without a JFIF APP0 right after SOI: the original's EXIF library replaces that segment with the EXIF
     * APP1 (spec §7, observed; vectors/xmp segment order), so the file starts SOI, APP1 Exif.
     */
    static byte[] withoutLeadingJfif(byte[] jpeg) {
        if (jpeg.length < 11 || (jpeg[2] & 0xff) != 0xFF || (jpeg[3] & 0xff) != 0xE0
                || jpeg[6] != 'J' || jpeg[7] != 'F' || jpeg[8] != 'I' || jpeg[9] != 'F' || jpeg[10] != 0) {
            return jpeg;
        }
        int end = 4 + (((jpeg[4] & 0xff) << 8) | (jpeg[5] & 0xff));
        if (end > jpeg.length) {
            return jpeg;
        }
        byte[] out = new byte[jpeg.length - (end - 2)];
        out[0] = jpeg[0];
        out[1] = jpeg[1];
        System.arraycopy(jpeg, end, out, 2, jpeg.length - end);
        return out;
    }

    private static Optional<TiffOutputSet> existing(byte[] jpeg) {
        try {
            ImageMetadata metadata = Imaging.getMetadata(jpeg);
            if (metadata instanceof JpegImageMetadata jpegMetadata) {
                TiffImageMetadata exif = jpegMetadata.getExif();
                if (exif != null) {
                    return Optional.ofNullable(exif.getOutputSet());
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // spec §7: when the existing EXIF cannot be loaded, start from empty IFDs
        }
        return Optional.empty();
    }

    /** Puts the record's tags into {@code set}, replacing tags of the same id. */
    static void apply(TiffOutputSet set, JsonNode record) throws ImagingException {
        TiffOutputDirectory root = set.getOrCreateRootDirectory();
        Optional<String> make = RecordValues.text(record, "make");
        if (make.isPresent()) {
            put(root, TiffTagConstants.TIFF_TAG_MAKE, make.get());
        }
        Optional<String> model = RecordValues.text(record, "model");
        if (model.isPresent()) {
            put(root, TiffTagConstants.TIFF_TAG_MODEL, model.get());
        }
        OptionalLong width = RecordValues.whole(record, "width");
        if (width.isPresent() && width.getAsLong() > 0 && width.getAsLong() <= Integer.MAX_VALUE) {
            root.removeField(TiffTagConstants.TIFF_TAG_IMAGE_WIDTH);
            root.add(TiffTagConstants.TIFF_TAG_IMAGE_WIDTH, new int[] {(int) width.getAsLong()});
        }
        OptionalLong height = RecordValues.whole(record, "height");
        if (height.isPresent() && height.getAsLong() > 0 && height.getAsLong() <= Integer.MAX_VALUE) {
            root.removeField(TiffTagConstants.TIFF_TAG_IMAGE_LENGTH);
            root.add(TiffTagConstants.TIFF_TAG_IMAGE_LENGTH, new int[] {(int) height.getAsLong()});
        }

        OptionalLong captured = RecordValues.capturedAt(record);
        if (captured.isPresent()) {
            long ms = captured.getAsLong();
            String time = EXIF_TIME.format(Instant.ofEpochMilli(ms));
            String subSec = String.format("%03d", Math.floorMod(ms, 1000L));
            TiffOutputDirectory exif = set.getOrCreateExifDirectory();
            put(root, TiffTagConstants.TIFF_TAG_DATE_TIME, time);
            put(exif, ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL, time);
            put(exif, ExifTagConstants.EXIF_TAG_DATE_TIME_DIGITIZED, time);
            put(exif, ExifTagConstants.EXIF_TAG_SUB_SEC_TIME_ORIGINAL, subSec);
            put(exif, ExifTagConstants.EXIF_TAG_SUB_SEC_TIME_DIGITIZED, subSec);
            put(exif, OFFSET_TIME, UTC_OFFSET);
            put(exif, OFFSET_TIME_ORIGINAL, UTC_OFFSET);
            put(exif, OFFSET_TIME_DIGITIZED, UTC_OFFSET);
        }

        TiffOutputDirectory gps = set.getOrCreateGpsDirectory();
        gps.removeField(GpsTagConstants.GPS_TAG_GPS_VERSION_ID);
        gps.add(GpsTagConstants.GPS_TAG_GPS_VERSION_ID, (byte) 2, (byte) 0, (byte) 0, (byte) 0);
        Optional<double[]> lonLat = RecordValues.lonLat(record);
        if (lonLat.isPresent()) {
            double lon = lonLat.get()[0];
            double lat = lonLat.get()[1];
            put(gps, GpsTagConstants.GPS_TAG_GPS_LATITUDE_REF, Dms.latitudeRef(lat));
            gps.removeField(GpsTagConstants.GPS_TAG_GPS_LATITUDE);
            gps.add(GpsTagConstants.GPS_TAG_GPS_LATITUDE, Dms.of(lat));
            put(gps, GpsTagConstants.GPS_TAG_GPS_LONGITUDE_REF, Dms.longitudeRef(lon));
            gps.removeField(GpsTagConstants.GPS_TAG_GPS_LONGITUDE);
            gps.add(GpsTagConstants.GPS_TAG_GPS_LONGITUDE, Dms.of(lon));
        }
        OptionalDouble altitude = RecordValues.altitude(record);
        if (altitude.isPresent()) {
            double a = altitude.getAsDouble();
            gps.removeField(GpsTagConstants.GPS_TAG_GPS_ALTITUDE_REF);
            gps.add(GpsTagConstants.GPS_TAG_GPS_ALTITUDE_REF, (byte) (a < 0 ? 1 : 0));
            gps.removeField(GpsTagConstants.GPS_TAG_GPS_ALTITUDE);
            gps.add(GpsTagConstants.GPS_TAG_GPS_ALTITUDE, hundredths(Math.abs(a)));
        }
        OptionalDouble compass = RecordValues.compass(record);
        if (compass.isPresent()) {
            double c = compass.getAsDouble();
            double normalised = ((c % 360) + 360) % 360;
            put(gps, GpsTagConstants.GPS_TAG_GPS_IMG_DIRECTION_REF, "T");
            gps.removeField(GpsTagConstants.GPS_TAG_GPS_IMG_DIRECTION);
            gps.add(GpsTagConstants.GPS_TAG_GPS_IMG_DIRECTION, hundredths(normalised));
        }
    }

    /** {@code (floor(x * 100), 100)} in double arithmetic, as the original computes it. */
    static RationalNumber hundredths(double x) {
        return new RationalNumber((int) Math.floor(x * 100), 100);
    }

    private static void put(TiffOutputDirectory dir, TagInfoAscii tag, String value) throws ImagingException {
        dir.removeField((TagInfo) tag);
        dir.add(tag, value);
    }
}
