package mapillary.archive.stats.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Refreshes the statistics on a schedule ({@code stats.refresh.every}, default hourly, {@code off} to disable); the
 * first run comes {@code stats.refresh.initial-delay} after start. A run that finds a refresh going joins it.
 */
@ApplicationScoped
public class ScheduledRefresh {

    private final StatsService stats;

    public ScheduledRefresh(StatsService stats) {
        this.stats = stats;
    }

    @Scheduled(identity = "stats-refresh", every = "${stats.refresh.every:1h}",
            delayed = "${stats.refresh.initial-delay:0s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void refresh() {
        try {
            stats.refresh();
        } catch (RefreshFailedException e) {
            // logged by the service; the last good data stays served
        }
    }
}
