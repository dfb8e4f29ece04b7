package mapillary.archive.stats.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import mapillary.archive.common.collection.Quality;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.CollectionEntry;
import mapillary.archive.stats.service.StatsService;
import mapillary.archive.stats.service.StatsSnapshot;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Prometheus gauges of the current statistics for Grafana ({@code deploy/grafana/mapillary-archive.json}):
 * {@code mapillary_archive_collections}, {@code _images}, {@code _unique_images} and {@code _bytes}, each tagged
 * {@code quality} = {@code original|2048|1024|256} and {@code all} for the totals (so sum over
 * {@code quality!="all"}); plus {@code _users}, {@code _pending_collections} and {@code _data_age_seconds}. They read
 * the data already there and never trigger a search; NaN before the first one.
 */
@ApplicationScoped
public class StatsGauges {

    /** The tag value of the totals over every quality. */
    public static final String ALL = "all";

    private final StatsService stats;

    public StatsGauges(StatsService stats) {
        this.stats = stats;
    }

    void register(@Observes StartupEvent start, MeterRegistry registry) {
        for (String quality : new String[]{Quality.ORIGINAL.label(), Quality.Q2048.label(), Quality.Q1024.label(),
                Quality.Q256.label(), ALL}) {
            gauge(registry, "mapillary.archive.collections", "Collections on IA", quality,
                    s -> ALL.equals(quality) ? s.aggregate().total().collections() : q(s, quality).collections());
            gauge(registry, "mapillary.archive.images", "Images in the collections on IA", quality,
                    s -> ALL.equals(quality) ? s.aggregate().total().totalImages() : q(s, quality).images());
            gauge(registry, "mapillary.archive.unique.images",
                    "Images counted once per user (the largest collection of each user)", quality,
                    s -> ALL.equals(quality) ? s.aggregate().total().uniqueImages() : uniqueImages(s, quality));
            gauge(registry, "mapillary.archive.bytes", "Bytes of the collections on IA", quality,
                    s -> ALL.equals(quality) ? s.aggregate().total().bytes() : q(s, quality).bytes());
        }
        Gauge.builder("mapillary.archive.users", this, g -> value(s -> s.aggregate().users().size()))
                .description("Distinct Mapillary users archived").register(registry);
        Gauge.builder("mapillary.archive.pending.collections", this, g -> stats.peek().isEmpty() ? Double.NaN
                        : stats.pendingCollections().size())
                .description("Collections finalised by our archiver that IA does not list yet").register(registry);
        Gauge.builder("mapillary.archive.data.age.seconds", this,
                        g -> value(s -> s.age(Instant.now()).toMillis() / 1000.0))
                .description("Seconds since IA was last searched successfully").register(registry);
        Gauge.builder("mapillary.archive.data.stale", this, g -> value(s -> s.stale() ? 1 : 0))
                .description("1 when the last refresh from IA failed and older data is served").register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, String quality,
                       ToDoubleFunction<StatsSnapshot> f) {
        Gauge.builder(name, this, g -> value(f)).description(description).tag("quality", quality)
                .register(registry);
    }

    private double value(ToDoubleFunction<StatsSnapshot> f) {
        return stats.peek().map(f::applyAsDouble).orElse(Double.NaN);
    }

    private static Aggregate.QualityTotals q(StatsSnapshot s, String quality) {
        Aggregate.QualityTotals t = s.aggregate().byQuality().get(quality);
        return t == null ? new Aggregate.QualityTotals(0, 0, 0) : t;
    }

    private static long uniqueImages(StatsSnapshot s, String quality) {
        Map<String, Long> max = new HashMap<>();
        for (CollectionEntry e : s.cache().collections().values()) {
            if (quality.equals(e.quality())) {
                max.merge(e.username(), e.imagesOrZero(), Math::max);
            }
        }
        return max.values().stream().mapToLong(Long::longValue).sum();
    }
}
