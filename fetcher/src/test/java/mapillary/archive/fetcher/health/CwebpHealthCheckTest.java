package mapillary.archive.fetcher.health;

import mapillary.archive.fetcher.image.WebpConverter;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Readiness is DOWN, naming the Debian package, when cwebp is missing. */
class CwebpHealthCheckTest {

    @Test
    void downWithThePackageNameWhenCwebpIsMissing() {
        HealthCheckResponse r = new CwebpHealthCheck(new WebpConverter("no-such-cwebp", 1)).call();
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(r.getData().orElseThrow().get("error").toString()).contains("Debian package 'webp'");
    }

    @Test
    void upWhenCwebpIsInstalled() {
        HealthCheckResponse r = new CwebpHealthCheck(new WebpConverter("cwebp", 1)).call();
        assertThat(r.getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
    }
}
