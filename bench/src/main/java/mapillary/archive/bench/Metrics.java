package mapillary.archive.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The figures of one run, in the order they were measured (a small builder over a map). */
public final class Metrics {

    private final Map<String, Double> values = new LinkedHashMap<>();

    /** Adds a figure; NaN (not measured, e.g. no half-way heap for a tiny listing) is left out. */
    public Metrics put(String name, double value) {
        if (!Double.isNaN(value)) {
            values.put(name, value);
        }
        return this;
    }

    public Map<String, Double> asMap() {
        return new LinkedHashMap<>(values);
    }

    static double round(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
