package mapillary.archive.stats;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import mapillary.archive.stats.service.StatsService;
import mapillary.archive.testkit.ia.FakeInternetArchive;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code stats.refresh.every} set, IA is searched on schedule without any request. */
@QuarkusTest
@TestProfile(ScheduledRefreshTest.EverySecond.class)
@WithTestResource(FakeIaResource.class)
@WithTestResource(KafkaBrokerResource.class)
class ScheduledRefreshTest {

    /** Refresh every second. */
    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("stats.refresh.every", "1s");
        }
    }

    @InjectFakeIa
    FakeInternetArchive ia;

    @Inject
    StatsService stats;

    @Test
    void refreshesOnScheduleWithoutAnyRequest() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stats.refreshesStarted() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(stats.refreshesStarted()).isGreaterThanOrEqualTo(2);
        assertThat(ia.requests()).filteredOn(r -> r.contains("/scrape")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(stats.peek()).isPresent();
        assertThat(stats.peek().get().aggregate().total().collections()).isEqualTo(15);
    }
}
