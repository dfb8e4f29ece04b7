package mapillary.archive.fetcher.kafka;

import io.smallrye.reactive.messaging.ChannelRegistry;
import io.smallrye.reactive.messaging.PausableChannel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.TreeSet;

/**
 * Pauses and resumes the task channel ({@code pausable=true}) for named reasons (low disk, shutdown): it stays
 * paused while any reason holds. Records already fetched from Kafka are only held back, never lost.
 */
@ApplicationScoped
public class TaskIntake {

    private static final Logger LOG = Logger.getLogger(TaskIntake.class);

    private final ChannelRegistry registry;
    private final Set<String> reasons = new TreeSet<>();

    public TaskIntake(ChannelRegistry registry) {
        this.registry = registry;
    }

    /** Stops taking tasks for {@code reason} (idempotent). */
    public synchronized void pause(String reason) {
        if (reasons.add(reason)) {
            LOG.infof("pausing %s: %s", ImageTaskProcessor.TASKS, reason);
        }
        apply();
    }

    /** Lifts {@code reason}; the channel resumes when no reason is left. */
    public synchronized void resume(String reason) {
        if (reasons.remove(reason) && reasons.isEmpty()) {
            LOG.infof("resuming %s", ImageTaskProcessor.TASKS);
        }
        apply();
    }

    /** True while some reason holds the channel paused. */
    public synchronized boolean paused() {
        return !reasons.isEmpty();
    }

    /** Brings the channel in line with the reasons (the channel may be registered only after the first call). */
    synchronized void apply() {
        PausableChannel channel = registry.getPausable(ImageTaskProcessor.TASKS);
        if (channel == null) {
            return;
        }
        if (!reasons.isEmpty() && !channel.isPaused()) {
            channel.pause();
        } else if (reasons.isEmpty() && channel.isPaused()) {
            channel.resume();
        }
    }
}
