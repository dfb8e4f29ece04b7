package mapillary.archive.cli;

import mapillary.archive.common.format.Formats;

import java.util.Locale;

/**
 * One line of harvest progress: status, an optional bar with percent, listed / fetched / failed, size (format_size),
 * rate and ETA (format_time), e.g.
 * {@code FETCHING  [######--------]  42%  listed 500 | fetched 205 | failed 5 | 12.34 MB | 41.0 img/s | ETA 7s}.
 */
public final class ProgressLine {

    private static final int MAX_BAR = 30;
    private static final int TYPICAL_DETAILS = 78;

    private ProgressLine() {
    }

    /** The line without a bar (plain output, logs, CI). */
    public static String plain(HarvestInfo h) {
        return status(h) + "  " + percentText(h) + details(h);
    }

    /**
     * The line with a bar, at most {@code width - 1} characters so redrawing it with {@code \r} never wraps; the bar
     * shrinks (or goes) first, then the end of the line is cut.
     */
    public static String withBar(HarvestInfo h, int width) {
        String details = details(h);
        String head = status(h) + "  ";
        String pct = percentText(h);
        // a stable bar: sized for a typical detail length, so it does not jump as the numbers grow
        int room = width - 1 - head.length() - pct.length() - Math.max(details.length(), TYPICAL_DETAILS) - 4;
        int barWidth = Math.min(MAX_BAR, room);
        String line = barWidth >= 5 ? head + bar(h, barWidth) + "  " + pct + details : head + pct + details;
        return line.length() <= width - 1 ? line : line.substring(0, Math.max(0, width - 1));
    }

    /** Finished share of the listed images, 0-100, or -1 while nothing is listed. */
    public static int percent(HarvestInfo h) {
        HarvestInfo.Counts c = h.countsOrZero();
        if ("DONE".equals(h.status())) {
            return 100;
        }
        if (c.listed() <= 0) {
            return -1;
        }
        long done = c.fetched() + c.failed();
        return (int) Math.min(100, done * 100 / c.listed());
    }

    static String bar(HarvestInfo h, int width) {
        int pct = Math.max(0, percent(h));
        int full = pct * width / 100;
        return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
    }

    private static String status(HarvestInfo h) {
        return String.format(Locale.ROOT, "%-9s", h.status());
    }

    private static String percentText(HarvestInfo h) {
        int pct = percent(h);
        return pct < 0 ? "  --%" : String.format(Locale.ROOT, "%4d%%", pct);
    }

    private static String details(HarvestInfo h) {
        HarvestInfo.Counts c = h.countsOrZero();
        return "  listed " + Formats.thousands(c.listed())
                + " | fetched " + Formats.thousands(c.fetched())
                + " | failed " + Formats.thousands(c.failed())
                + " | " + Formats.size(c.bytes())
                + " | " + String.format(Locale.ROOT, "%.1f img/s", h.rate())
                + " | ETA " + eta(h);
    }

    static String eta(HarvestInfo h) {
        if (h.etaSeconds() != null) {
            return Formats.time(h.etaSeconds());
        }
        return h.eta() == null || h.eta().isBlank() ? "--" : h.eta();
    }
}
