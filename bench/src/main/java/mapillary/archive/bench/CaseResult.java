package mapillary.archive.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One measured case of a scenario (e.g. JPEG at 100 ms): its parameters, every run's figures and their summary. */
public record CaseResult(String name, Map<String, Object> parameters, List<Map<String, Double>> runs,
                         Map<String, Summary> summary) {

    /** Summarises {@code runs} metric by metric (median, min, max). */
    public static CaseResult of(String name, Map<String, Object> parameters, List<Map<String, Double>> runs) {
        Map<String, Summary> summary = new LinkedHashMap<>();
        for (Map<String, Double> run : runs) {
            for (String metric : run.keySet()) {
                if (!summary.containsKey(metric)) {
                    List<Double> values = new ArrayList<>();
                    runs.forEach(r -> values.add(r.get(metric)));
                    summary.put(metric, Summary.of(values));
                }
            }
        }
        return new CaseResult(name, parameters, List.copyOf(runs), summary);
    }

    /** The median of a metric, NaN when absent. */
    public double median(String metric) {
        Summary s = summary.get(metric);
        return s == null ? Double.NaN : s.median();
    }
}
