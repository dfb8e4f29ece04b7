package mapillary.archive.fetcher.health;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.fetcher.storage.DiskGuard;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN while the data dir has less free space than {@code fetcher.min-free-bytes}: this fetcher takes no tasks. */
@Readiness
@ApplicationScoped
public class DiskSpaceHealthCheck implements HealthCheck {

    private final DiskGuard guard;

    public DiskSpaceHealthCheck(DiskGuard guard) {
        this.guard = guard;
    }

    @Override
    public HealthCheckResponse call() {
        DiskGuard.Status s = guard.status();
        var builder = HealthCheckResponse.named("disk-space").withData("freeBytes", s.freeBytes());
        return s.ok() ? builder.up().withData("status", s.message()).build()
                : builder.down().withData("error", s.message()).build();
    }
}
