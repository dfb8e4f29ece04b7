package mapillary.archive.harvester.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Prometheus counters of bad records met while listing from the API ({@code harvester_bad_records_total}, tag
 * {@code kind}: {@code rejected} = unsafe id/sequence or not an object, not published; {@code repaired} = published
 * after an unusable field was neutralised), so operators see hostile or odd API data without reading logs.
 */
@ApplicationScoped
public class ListingMetrics {

    private final Counter rejected;
    private final Counter repaired;

    @Inject
    public ListingMetrics(MeterRegistry registry) {
        this.rejected = Counter.builder("harvester.bad.records").tag("kind", "rejected")
                .description("Listed records rejected: unsafe id or sequence, or not a JSON object").register(registry);
        this.repaired = Counter.builder("harvester.bad.records").tag("kind", "repaired")
                .description("Listed records published after an unusable field was neutralised").register(registry);
    }

    void rejected(long n) {
        if (n > 0) {
            rejected.increment(n);
        }
    }

    void repaired(long n) {
        if (n > 0) {
            repaired.increment(n);
        }
    }
}
