package mapillary.archive.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The median of several runs with their min and max: the form of every figure in the results. */
public record Summary(double median, double min, double max, int n) {

    public static Summary of(List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        v.removeIf(d -> d == null || d.isNaN());
        if (v.isEmpty()) {
            return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(v);
        return new Summary(percentile(v, 50), v.getFirst(), v.getLast(), v.size());
    }

    /** The {@code p}-th percentile of sorted values, interpolated between closest ranks. */
    public static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        double rank = p / 100 * (sorted.size() - 1);
        int lo = (int) Math.floor(rank);
        int hi = (int) Math.ceil(rank);
        return sorted.get(lo) + (sorted.get(hi) - sorted.get(lo)) * (rank - lo);
    }
}
