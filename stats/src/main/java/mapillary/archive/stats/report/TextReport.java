package mapillary.archive.stats.report;

import mapillary.archive.common.format.Formats;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.CollectionEntry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The original's {@code --stats} report (spec §12), line for line: same rules, widths, percentages of 2B and
 * {@code format_size}; qualities in our order (original, 2048, 1024, 256). When the data is served from the cache
 * after a failed refresh, one line after {@code Cache:} says how old it is.
 */
public final class TextReport {

    /** The assumed total number of Mapillary images the percentages refer to. */
    public static final double ALL_MAPILLARY_IMAGES = 2_000_000_000d;

    private static final String RULE = "=".repeat(70);
    private static final String LINE = "-".repeat(70);

    private TextReport() {
    }

    /**
     * Renders the report.
     *
     * @param aggregate totals over {@code entries}
     * @param entries   the cache entries in search order (first-seen order breaks uploader ties)
     * @param cachePath shown on the last line
     * @param staleNote null, or a note that the data is old (printed after the {@code Cache:} line)
     */
    public static String render(Aggregate aggregate, Map<String, CollectionEntry> entries, String cachePath,
                                String staleNote) {
        StringBuilder out = new StringBuilder();
        Aggregate.Totals t = aggregate.total();
        line(out, RULE);
        line(out, "Mapillary Downloader - Archive.org Statistics");
        line(out, RULE);
        line(out, "");
        line(out, "Total Collections: " + Formats.thousands(t.collections()));
        line(out, "Total Users:       " + Formats.thousands(aggregate.users().size()));
        line(out, "Total Images:      " + Formats.thousands(t.totalImages()));
        line(out, "Unique Images:     " + Formats.thousands(t.uniqueImages()) + " (" + percent(t.uniqueImages())
                + "% of 2B)");
        line(out, "Total Size:        " + Formats.size(t.bytes()));
        line(out, "");
        line(out, "By Quality:");
        line(out, LINE);
        aggregate.byQuality().forEach((quality, q) -> line(out, String.format(java.util.Locale.ROOT,
                "  %-8s  %3d collections  %12s images (%s%%)  %8s", quality, q.collections(),
                Formats.thousands(q.images()), percent(q.images()), Formats.size(q.bytes()))));
        line(out, "");
        Map<String, List<Map.Entry<String, CollectionEntry>>> outside = outsideByUploader(entries);
        if (outside.isEmpty()) {
            line(out, "All items are in mapillary-images collection!");
            line(out, "");
        } else {
            line(out, "Uploaders with items outside mapillary-images:");
            line(out, LINE);
            List<Map.Entry<String, List<Map.Entry<String, CollectionEntry>>>> byCount =
                    new ArrayList<>(outside.entrySet());
            byCount.sort(Comparator.comparingInt(
                    (Map.Entry<String, List<Map.Entry<String, CollectionEntry>>> e) -> e.getValue().size()).reversed());
            for (var e : byCount) {
                long images = e.getValue().stream().mapToLong(i -> i.getValue().imagesOrZero()).sum();
                long bytes = e.getValue().stream().mapToLong(i -> i.getValue().size()).sum();
                line(out, "  " + e.getKey() + ": " + e.getValue().size() + " items, " + Formats.thousands(images)
                        + " images, " + Formats.size(bytes));
            }
            line(out, "");
            int count = outside.values().stream().mapToInt(List::size).sum();
            line(out, "Items NOT in mapillary-images (" + count + "):");
            line(out, LINE);
            TreeMap<String, List<Map.Entry<String, CollectionEntry>>> sorted =
                    new TreeMap<>(Comparator.comparing((String s) -> s.toLowerCase(java.util.Locale.ROOT))
                            .thenComparing(Comparator.naturalOrder()));
            sorted.putAll(outside);
            sorted.forEach((uploader, items) -> {
                line(out, uploader + ":");
                items.stream().map(Map.Entry::getKey).sorted().forEach(id -> line(out, id));
                line(out, "");
            });
        }
        line(out, "Cache: " + cachePath);
        if (staleNote != null) {
            line(out, staleNote);
        }
        return out.toString();
    }

    /** Percentage of {@link #ALL_MAPILLARY_IMAGES} with 3 decimals, as Python's {@code :.3f}. */
    static String percent(long images) {
        return images == 0 ? "0.000" : Formats.decimals(images / ALL_MAPILLARY_IMAGES * 100, 3);
    }

    /** Items outside mapillary-images grouped by uploader ({@code unknown} when none), in first-seen order. */
    static Map<String, List<Map.Entry<String, CollectionEntry>>> outsideByUploader(
            Map<String, CollectionEntry> entries) {
        Map<String, List<Map.Entry<String, CollectionEntry>>> out = new LinkedHashMap<>();
        for (Map.Entry<String, CollectionEntry> e : entries.entrySet()) {
            if (e.getValue().outsideMapillaryImages()) {
                String uploader = e.getValue().uploader() == null ? "unknown" : e.getValue().uploader();
                out.computeIfAbsent(uploader, k -> new ArrayList<>()).add(e);
            }
        }
        return out;
    }

    /** Identifiers outside mapillary-images, for the JSON view. */
    public static Map<String, List<String>> itemsOutside(Map<String, CollectionEntry> entries) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        outsideByUploader(entries).forEach((u, items) -> out.put(u, items.stream().map(Map.Entry::getKey).toList()));
        return out;
    }

    private static void line(StringBuilder out, String s) {
        out.append(s).append('\n');
    }
}
