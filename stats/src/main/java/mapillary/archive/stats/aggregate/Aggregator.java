package mapillary.archive.stats.aggregate;

import mapillary.archive.common.collection.Quality;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.CollectionEntry;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Computes the spec §12 totals; qualities are listed original, 2048, 1024, 256 (our contract's order). */
public final class Aggregator {

    private Aggregator() {
    }

    public static Aggregate aggregate(Collection<CollectionEntry> entries) {
        long totalImages = 0;
        long bytes = 0;
        Map<String, Long> maxPerUser = new HashMap<>();
        Map<String, long[]> perQuality = new HashMap<>();
        for (CollectionEntry e : entries) {
            long images = e.images() == null ? 0 : e.images();
            totalImages += images;
            bytes += e.size();
            maxPerUser.merge(e.username(), images, Math::max);
            long[] q = perQuality.computeIfAbsent(e.quality(), k -> new long[3]);
            q[0]++;
            q[1] += images;
            q[2] += e.size();
        }
        long unique = maxPerUser.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Aggregate.QualityTotals> byQuality = new LinkedHashMap<>();
        for (Quality quality : Quality.values()) {
            long[] q = perQuality.remove(quality.label());
            if (q != null) {
                byQuality.put(quality.label(), new Aggregate.QualityTotals((int) q[0], q[1], q[2]));
            }
        }
        perQuality.forEach((label, q) -> byQuality.put(label, new Aggregate.QualityTotals((int) q[0], q[1], q[2])));
        return new Aggregate(new Aggregate.Totals(entries.size(), totalImages, unique, bytes),
                List.copyOf(new TreeSet<>(maxPerUser.keySet())), byQuality, MonthlyAggregator.byMonth(entries));
    }
}
