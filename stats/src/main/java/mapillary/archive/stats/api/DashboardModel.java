package mapillary.archive.stats.api;

import mapillary.archive.common.format.Formats;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.report.TextReport;
import mapillary.archive.stats.service.PendingCollection;
import mapillary.archive.stats.service.StatsSnapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything the HTML dashboard shows, formatted and laid out (chart geometry in SVG user units) so the Qute template
 * only places it.
 *
 * @param updated     when IA was searched, UTC
 * @param age         how old that is ({@code 2h 5m})
 * @param source      {@code ia} or {@code cache}
 * @param staleError  the failed refresh's message when stale data is served, else null
 * @param headlines   the big numbers
 * @param qualities   one bar row per quality
 * @param months      one column per month of capture
 * @param monthLabels x-axis labels under some columns
 * @param monthMax    the largest monthly image count, formatted (the y-axis top)
 * @param chartWidth  width of the monthly chart
 * @param qualityChartHeight height of the quality chart
 * @param uploaders   items outside mapillary-images by uploader
 * @param pending     finalised by us, not yet listed by IA
 */
public record DashboardModel(String updated, String age, String source, String staleError, List<Headline> headlines,
                             List<QualityRow> qualities, List<MonthBar> months, List<MonthLabel> monthLabels,
                             String monthMax, int chartWidth, int qualityChartHeight, List<Uploader> uploaders,
                             List<PendingRow> pending) {

    static final int QUALITY_BAR_MAX = 460;
    static final int MONTH_CHART_HEIGHT = 220;
    static final int MONTH_CHART_LEFT = 8;
    static final int MONTH_CHART_MAX_WIDTH = 1120;

    /** A big number with its label and an optional note. */
    public record Headline(String id, String label, String value, String note) {
    }

    /** A quality's bars (width in px of the images and bytes bars) and its numbers. */
    public record QualityRow(String quality, int collections, String images, String bytes, String percent,
                             int imagesWidth, int bytesWidth, int y) {
    }

    /** One month's column. */
    public record MonthBar(String month, String images, String bytes, int x, int y, int width, int height) {
    }

    /** A label under the month axis. */
    public record MonthLabel(String text, int x) {
    }

    /** An uploader of items outside mapillary-images. */
    public record Uploader(String name, List<String> items) {
    }

    /** A collection finalised by us that IA does not list yet. */
    public record PendingRow(String collection, String status, String images, String bytes, String at) {
    }

    static DashboardModel of(StatsSnapshot s, List<PendingCollection> pending, Instant now) {
        Aggregate a = s.aggregate();
        Aggregate.Totals t = a.total();
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
        List<Headline> headlines = List.of(
                new Headline("collections", "Collections", Formats.thousands(t.collections()), null),
                new Headline("users", "Users", Formats.thousands(a.users().size()), null),
                new Headline("images", "Images", Formats.thousands(t.totalImages()), null),
                new Headline("unique-images", "Unique images", Formats.thousands(t.uniqueImages()),
                        pct(t.uniqueImages()) + "% of 2B"),
                new Headline("size", "Total size", Formats.size(t.bytes()), null),
                new Headline("pending", "Awaiting IA", Formats.thousands(pending.size()), "finalised, not indexed"));

        long maxImages = Math.max(1, a.byQuality().values().stream().mapToLong(Aggregate.QualityTotals::images).max()
                .orElse(1));
        long maxBytes = Math.max(1, a.byQuality().values().stream().mapToLong(Aggregate.QualityTotals::bytes).max()
                .orElse(1));
        List<QualityRow> qualities = new ArrayList<>();
        int row = 0;
        for (Map.Entry<String, Aggregate.QualityTotals> e : a.byQuality().entrySet()) {
            Aggregate.QualityTotals q = e.getValue();
            qualities.add(new QualityRow(e.getKey(), q.collections(), Formats.thousands(q.images()),
                    Formats.size(q.bytes()), pct(q.images()), scale(q.images(), maxImages, QUALITY_BAR_MAX),
                    scale(q.bytes(), maxBytes, QUALITY_BAR_MAX), row++ * 34));
        }

        List<Map.Entry<String, Aggregate.MonthTotals>> monthEntries = new ArrayList<>(a.byMonth().entrySet());
        long monthMax = Math.max(1, monthEntries.stream().mapToLong(e -> e.getValue().images()).max().orElse(1));
        int n = Math.max(1, monthEntries.size());
        int slot = Math.max(4, Math.min(48, (MONTH_CHART_MAX_WIDTH - MONTH_CHART_LEFT) / n));
        List<MonthBar> months = new ArrayList<>();
        List<MonthLabel> labels = new ArrayList<>();
        int labelEvery = Math.max(1, (int) Math.ceil(70.0 / slot));
        for (int i = 0; i < monthEntries.size(); i++) {
            Aggregate.MonthTotals m = monthEntries.get(i).getValue();
            int h = scale(m.images(), monthMax, MONTH_CHART_HEIGHT);
            int x = MONTH_CHART_LEFT + i * slot;
            months.add(new MonthBar(monthEntries.get(i).getKey(), Formats.thousands(m.images()),
                    Formats.size(m.bytes()), x, MONTH_CHART_HEIGHT - h, Math.max(2, slot - 3), h));
            if (i % labelEvery == 0) {
                labels.add(new MonthLabel(monthEntries.get(i).getKey(), x + Math.max(2, slot - 3) / 2));
            }
        }
        int width = Math.max(320, MONTH_CHART_LEFT + n * slot + 40);

        List<Uploader> uploaders = new ArrayList<>();
        TextReport.itemsOutside(s.cache().collections()).forEach((u, ids) -> uploaders.add(new Uploader(u, ids)));
        List<PendingRow> pendingRows = pending.stream().map(p -> new PendingRow(p.collection(), p.status(),
                Formats.thousands(p.images()), Formats.size(p.bytes()), p.at() == null ? "" : fmt.format(p.at())))
                .toList();
        return new DashboardModel(s.cache().updatedAt() == null ? "never" : fmt.format(s.cache().updatedAt()),
                Formats.time(s.age(now).toSeconds()), s.source(), s.lastError(), headlines, qualities, months,
                labels, Formats.thousands(monthMax), width, qualities.size() * 34 + 10, uploaders, pendingRows);
    }

    private static int scale(long value, long max, int full) {
        if (value <= 0) {
            return 0;
        }
        return (int) Math.max(1, Math.round((double) value / max * full));
    }

    private static String pct(long images) {
        return images == 0 ? "0.000" : Formats.decimals(images / TextReport.ALL_MAPILLARY_IMAGES * 100, 3);
    }
}
