package mapillary.archive.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics every figure is made of: median with min and max, percentiles, per-metric summaries. */
class SummaryTest {

    @Test
    void medianOfOddAndEvenCountsWithMinAndMax() {
        assertThat(Summary.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Summary(2.0, 1.0, 3.0, 3));
        assertThat(Summary.of(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(new Summary(2.5, 1.0, 4.0, 4));
    }

    @Test
    void missingValuesAreLeftOut() {
        assertThat(Summary.of(Arrays.asList(5.0, null, Double.NaN))).isEqualTo(new Summary(5.0, 5.0, 5.0, 1));
        assertThat(Summary.of(List.of()).n()).isZero();
    }

    @Test
    void percentileInterpolatesBetweenRanks() {
        List<Double> sorted = List.of(10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0);
        assertThat(Summary.percentile(sorted, 50)).isEqualTo(55.0);
        assertThat(Summary.percentile(sorted, 99)).isEqualTo(99.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Summary.percentile(sorted, 0)).isEqualTo(10.0);
    }

    @Test
    void caseSummarisesEveryMetricOfItsRuns() {
        CaseResult c = CaseResult.of("x", Map.of(), List.of(Map.of("a", 1.0, "b", 10.0), Map.of("a", 3.0),
                Map.of("a", 2.0, "b", 30.0)));
        assertThat(c.summary().get("a")).isEqualTo(new Summary(2.0, 1.0, 3.0, 3));
        assertThat(c.summary().get("b")).isEqualTo(new Summary(20.0, 10.0, 30.0, 2));
        assertThat(c.median("missing")).isNaN();
    }
}
