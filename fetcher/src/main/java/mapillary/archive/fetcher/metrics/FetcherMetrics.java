package mapillary.archive.fetcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.fetcher.download.DownloadResult;
import mapillary.archive.fetcher.kafka.InFlight;
import mapillary.archive.fetcher.task.FetchListener;

import java.util.concurrent.TimeUnit;

/** Publishes the fetcher's work on {@code /q/metrics}: images, bytes, failures by reason, latency, in flight. */
@ApplicationScoped
public class FetcherMetrics implements FetchListener {

    private final MeterRegistry registry;
    private final Counter downloaded;
    private final Counter bytes;
    private final Counter present;
    private final Timer latency;
    private final InFlight inFlight; // gauges hold their object weakly: keep it here

    public FetcherMetrics(MeterRegistry registry, InFlight inFlight) {
        this.registry = registry;
        this.downloaded = registry.counter("fetcher.images.downloaded");
        this.bytes = registry.counter("fetcher.bytes.downloaded");
        this.present = registry.counter("fetcher.images.already.present");
        this.latency = Timer.builder("fetcher.download.duration").publishPercentileHistogram().register(registry);
        this.inFlight = inFlight;
        registry.gauge("fetcher.in.flight", inFlight, InFlight::current);
        registry.gauge("fetcher.in.flight.limit", inFlight, InFlight::limit);
    }

    @Override
    public void downloaded(DownloadResult result, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        if (result instanceof DownloadResult.Ok ok) {
            downloaded.increment();
            bytes.increment(ok.bytes());
        }
    }

    @Override
    public void failed(String reason) {
        registry.counter("fetcher.images.failed", "reason", category(reason)).increment();
    }

    @Override
    public void alreadyPresent() {
        present.increment();
    }

    /** A small, bounded set of reason labels (the full reason is in the result). */
    static String category(String reason) {
        if (reason == null) {
            return "other";
        }
        if (reason.startsWith("unsafe") || reason.startsWith("invalid collection") || reason.startsWith("path outside")) {
            return "invalid";
        }
        if (reason.startsWith("No ")) {
            return "no_url";
        }
        if (reason.contains("URL signature expired")) {
            return "expired";
        }
        if (reason.contains("image gone")) {
            return "not_found";
        }
        if (reason.startsWith("WebP")) {
            return "webp";
        }
        if (reason.startsWith("download failed") || reason.startsWith("HTTP")) {
            return "download";
        }
        if (reason.startsWith("write failed")) {
            return "write";
        }
        return "other";
    }
}
