package mapillary.archive.fetcher.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import mapillary.archive.fetcher.config.FetcherConfig;
import org.jboss.logging.Logger;

/**
 * On SIGTERM, before the Kafka channels close: stop taking tasks, let the images in flight finish for
 * {@code fetcher.shutdown-grace} (their results are published and their offsets committed by the connector's
 * graceful shutdown), then abandon the rest unacknowledged, temp files removed, to be redelivered.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);

    private final TaskIntake intake;
    private final InFlight inFlight;
    private final FetcherConfig config;

    public GracefulShutdown(TaskIntake intake, InFlight inFlight, FetcherConfig config) {
        this.intake = intake;
        this.inFlight = inFlight;
        this.config = config;
    }

    void onShutdown(@Observes ShutdownEvent event) {
        int inFlightNow = inFlight.current();
        LOG.infof("shutdown: no new tasks; %d image(s) in flight, waiting up to %d ms", inFlightNow,
                config.shutdownGrace().toMillis());
        try {
            intake.pause("shutdown");
        } catch (RuntimeException e) {
            LOG.debugf("could not pause %s: %s", ImageTaskProcessor.TASKS, e.toString());
        }
        int abandoned = inFlight.drain(config.shutdownGrace());
        LOG.infof("shutdown: %d image(s) finished, %d abandoned", Math.max(0, inFlightNow - abandoned), abandoned);
    }
}
