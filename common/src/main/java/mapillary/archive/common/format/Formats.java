package mapillary.archive.common.format;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The original's human formats: {@code format_size}, {@code format_time} and {@code 1,234} counts (spec §13). */
public final class Formats {

    private Formats() {
    }

    /** Decimal units, no TB: {@code 999 B}, {@code 1.02 KB}, {@code 123.46 MB}, {@code 1234.57 GB}. */
    public static String size(long bytes) {
        if (bytes < 1_000) {
            return bytes + " B";
        }
        if (bytes < 1_000_000) {
            return twoDecimals(bytes / 1e3) + " KB";
        }
        if (bytes < 1_000_000_000) {
            return twoDecimals(bytes / 1e6) + " MB";
        }
        return twoDecimals(bytes / 1e9) + " GB";
    }

    /** {@code 59s}, {@code 1m 30s}, {@code 2h 30m}; truncated, no day unit. */
    public static String time(double seconds) {
        if (seconds < 60) {
            return (long) seconds + "s";
        }
        if (seconds < 3600) {
            long m = (long) (seconds / 60);
            long r = (long) (seconds % 60);
            return r == 0 ? m + "m" : m + "m " + r + "s";
        }
        long m = (long) (seconds / 60);
        long h = m / 60;
        long rm = m % 60;
        return rm == 0 ? h + "h" : h + "h " + rm + "m";
    }

    /** Thousands separated by commas, e.g. {@code 1,234,567}. */
    public static String thousands(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }

    /** A double rounded half-even from its exact binary value, as Python's format does. */
    public static String decimals(double value, int places) {
        return new BigDecimal(value).setScale(places, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String twoDecimals(double value) {
        return decimals(value, 2);
    }
}
