package mapillary.archive.fetcher.storage;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Runs the {@link DiskGuard} check every {@code fetcher.disk-check-interval} from startup on. */
@ApplicationScoped
public class DiskWatch {

    private static final Logger LOG = Logger.getLogger(DiskWatch.class);

    private final DiskGuard guard;
    private ScheduledExecutorService timer;

    public DiskWatch(DiskGuard guard) {
        this.guard = guard;
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().daemon().name("disk-guard")
                .unstarted(r));
        long ms = guard.interval().toMillis();
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, ms, TimeUnit.MILLISECONDS);
    }

    private void checkQuietly() {
        try {
            guard.check();
        } catch (RuntimeException e) {
            LOG.warnf("disk check failed: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
