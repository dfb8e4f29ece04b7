package mapillary.archive.fetcher.image;

import org.apache.commons.imaging.common.RationalNumber;

/**
 * Decimal degrees as EXIF degrees/minutes/seconds rationals, exact to 1/1,000,000 arc-second (the original
 * truncated to 1/100 arc-second, DESIGN §3 item 4). Integer arithmetic: minutes 0..59, seconds below 60.
 */
public final class Dms {

    /** Denominator of the seconds rational. */
    public static final int SECONDS_SCALE = 1_000_000;
    private static final long PER_DEGREE = 3600L * SECONDS_SCALE;
    private static final long PER_MINUTE = 60L * SECONDS_SCALE;

    private Dms() {
    }

    /** The three rationals (degrees, minutes, seconds) of {@code |degrees|}. */
    public static RationalNumber[] of(double degrees) {
        if (!Double.isFinite(degrees)) {
            throw new IllegalArgumentException("not a finite angle");
        }
        long micro = Math.round(Math.abs(degrees) * PER_DEGREE);
        int d = (int) (micro / PER_DEGREE);
        int m = (int) ((micro % PER_DEGREE) / PER_MINUTE);
        int s = (int) (micro % PER_MINUTE);
        return new RationalNumber[] {new RationalNumber(d, 1), new RationalNumber(m, 1),
                new RationalNumber(s, SECONDS_SCALE)};
    }

    /** Decodes three DMS rationals back to degrees. */
    public static double toDegrees(RationalNumber[] dms) {
        return dms[0].doubleValue() + dms[1].doubleValue() / 60.0 + dms[2].doubleValue() / 3600.0;
    }

    public static String latitudeRef(double lat) {
        return lat >= 0 ? "N" : "S";
    }

    public static String longitudeRef(double lon) {
        return lon >= 0 ? "E" : "W";
    }
}
