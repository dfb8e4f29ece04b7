package mapillary.archive.archiver.tracking;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import mapillary.archive.common.kafka.Topics;

/**
 * Prometheus counters of the records the tracker drops, so an operator sees bad or stale input without reading
 * logs: {@code archiver_records_dropped_total{topic, kind}} with kind {@code bad} (a field missing, unknown or
 * unsafe) or {@code stale} (a record of a harvest already finalised, cancelled or failed).
 */
@Startup
@ApplicationScoped
public class TrackerMetrics {

    private static final String NAME = "archiver.records.dropped";

    @Inject
    public TrackerMetrics(MeterRegistry registry, Tracker tracker) {
        FunctionCounter.builder(NAME, tracker, Tracker::rejectedEvents).tag("topic", Topics.HARVEST_EVENTS)
                .tag("kind", "bad").description("Harvest events dropped: a field missing, unknown or unsafe")
                .register(registry);
        FunctionCounter.builder(NAME, tracker, Tracker::rejectedResults).tag("topic", Topics.IMAGE_RESULTS)
                .tag("kind", "bad").description("Image results dropped: a field missing, unknown or unsafe")
                .register(registry);
        FunctionCounter.builder(NAME, tracker, Tracker::dropped).tag("topic", "any").tag("kind", "stale")
                .description("Records of a harvest already finalised, cancelled or failed, dropped")
                .register(registry);
    }
}
