package mapillary.archive.fetcher.health;

import jakarta.enterprise.context.ApplicationScoped;
import mapillary.archive.fetcher.image.WebpConverter;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN when cwebp is missing: this fetcher cannot serve WebP collections (Debian package {@code webp}). */
@Readiness
@ApplicationScoped
public class CwebpHealthCheck implements HealthCheck {

    private final WebpConverter converter;

    public CwebpHealthCheck(WebpConverter converter) {
        this.converter = converter;
    }

    @Override
    public HealthCheckResponse call() {
        var builder = HealthCheckResponse.named("cwebp");
        if (converter.available()) {
            return builder.up().withData("path", converter.executable().get().toString()).build();
        }
        return builder.down().withData("error", converter.missingMessage()).build();
    }
}
