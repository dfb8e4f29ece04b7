package mapillary.archive.fetcher.image;

import org.apache.commons.imaging.Imaging;
import org.apache.commons.imaging.common.ImageMetadata;
import org.apache.commons.imaging.common.RationalNumber;
import org.apache.commons.imaging.formats.jpeg.JpegImageMetadata;
import org.apache.commons.imaging.formats.tiff.TiffDirectory;
import org.apache.commons.imaging.formats.tiff.TiffField;
import org.apache.commons.imaging.formats.tiff.constants.TiffDirectoryConstants;
import org.apache.commons.imaging.formats.tiff.TiffImageMetadata;
import org.apache.commons.imaging.formats.tiff.constants.ExifTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.GpsTagConstants;
import org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants;
import org.apache.commons.imaging.formats.tiff.taginfos.TagInfo;
import org.apache.commons.imaging.formats.webp.WebPImageMetadata;

import java.util.Map;

/** Reads EXIF back with Commons Imaging and answers in exiftool's {@code -G1 -n} vocabulary of the vectors. */
final class ExifReadBack {

    static final Map<String, TagInfo> TAGS = Map.ofEntries(
            Map.entry("IFD0:Make", TiffTagConstants.TIFF_TAG_MAKE),
            Map.entry("IFD0:Model", TiffTagConstants.TIFF_TAG_MODEL),
            Map.entry("IFD0:ImageWidth", TiffTagConstants.TIFF_TAG_IMAGE_WIDTH),
            Map.entry("IFD0:ImageHeight", TiffTagConstants.TIFF_TAG_IMAGE_LENGTH),
            Map.entry("IFD0:ModifyDate", TiffTagConstants.TIFF_TAG_DATE_TIME),
            Map.entry("IFD0:Orientation", TiffTagConstants.TIFF_TAG_ORIENTATION),
            Map.entry("ExifIFD:DateTimeOriginal", ExifTagConstants.EXIF_TAG_DATE_TIME_ORIGINAL),
            Map.entry("ExifIFD:CreateDate", ExifTagConstants.EXIF_TAG_DATE_TIME_DIGITIZED),
            Map.entry("ExifIFD:OffsetTimeOriginal", ExifWriter.OFFSET_TIME_ORIGINAL),
            Map.entry("ExifIFD:SubSecTimeOriginal", ExifTagConstants.EXIF_TAG_SUB_SEC_TIME_ORIGINAL),
            Map.entry("ExifIFD:SubSecTimeDigitized", ExifTagConstants.EXIF_TAG_SUB_SEC_TIME_DIGITIZED),
            Map.entry("GPS:GPSVersionID", GpsTagConstants.GPS_TAG_GPS_VERSION_ID),
            Map.entry("GPS:GPSLatitudeRef", GpsTagConstants.GPS_TAG_GPS_LATITUDE_REF),
            Map.entry("GPS:GPSLatitude", GpsTagConstants.GPS_TAG_GPS_LATITUDE),
            Map.entry("GPS:GPSLongitudeRef", GpsTagConstants.GPS_TAG_GPS_LONGITUDE_REF),
            Map.entry("GPS:GPSLongitude", GpsTagConstants.GPS_TAG_GPS_LONGITUDE),
            Map.entry("GPS:GPSAltitudeRef", GpsTagConstants.GPS_TAG_GPS_ALTITUDE_REF),
            Map.entry("GPS:GPSAltitude", GpsTagConstants.GPS_TAG_GPS_ALTITUDE),
            Map.entry("GPS:GPSImgDirectionRef", GpsTagConstants.GPS_TAG_GPS_IMG_DIRECTION_REF),
            Map.entry("GPS:GPSImgDirection", GpsTagConstants.GPS_TAG_GPS_IMG_DIRECTION));

    private final TiffImageMetadata exif;
    private final byte[] image;

    private ExifReadBack(TiffImageMetadata exif, byte[] image) {
        this.exif = exif;
        this.image = image;
    }

    static ExifReadBack of(byte[] image) throws Exception {
        ImageMetadata md = Imaging.getMetadata(image);
        TiffImageMetadata exif;
        if (md instanceof JpegImageMetadata jpeg) {
            exif = jpeg.getExif();
        } else if (md instanceof WebPImageMetadata webp) {
            exif = webp.getExif();
        } else {
            throw new AssertionError("no EXIF container in " + md);
        }
        if (exif == null) {
            throw new AssertionError("image has no EXIF");
        }
        return new ExifReadBack(exif, image);
    }

    TiffField field(String key) throws Exception {
        TagInfo tag = TAGS.get(key);
        if (tag == null) {
            throw new AssertionError("unmapped key " + key);
        }
        if (key.startsWith("GPS:")) {
            // findField(tag, true) misses GPSVersionID (tag 0); look in the GPS directory itself
            TiffDirectory gps = exif.contents.directories.stream()
                    .filter(d -> d.type == TiffDirectoryConstants.DIRECTORY_TYPE_GPS).findFirst().orElse(null);
            return gps == null ? null : gps.findField(tag);
        }
        return exif.findField(tag, true);
    }

    /** The value as exiftool -n would print it: strings, integers, decimals; Composite values are signed. */
    Object value(String key) throws Exception {
        if (key.startsWith("Composite:")) {
            String tag = key.substring("Composite:".length());
            double v = (Double) value("GPS:" + tag);
            Object ref = switch (tag) {
                case "GPSLatitude" -> value("GPS:GPSLatitudeRef");
                case "GPSLongitude" -> value("GPS:GPSLongitudeRef");
                default -> value("GPS:GPSAltitudeRef");
            };
            boolean negative = "S".equals(ref) || "W".equals(ref) || Integer.valueOf(1).equals(ref);
            return negative ? -v : v;
        }
        if (key.equals("GPS:GPSVersionID")) {
            return RawGpsVersion.read(image);
        }
        TiffField f = field(key);
        if (f == null) {
            return null;
        }
        return switch (key) {
            case "GPS:GPSLatitude", "GPS:GPSLongitude" -> Dms.toDegrees((RationalNumber[]) f.getValue());
            case "GPS:GPSAltitude", "GPS:GPSImgDirection" -> ((RationalNumber) f.getValue()).doubleValue();
            case "GPS:GPSAltitudeRef", "IFD0:ImageWidth", "IFD0:ImageHeight" -> f.getIntValue();
            default -> f.getStringValue();
        };
    }
}
