package mapillary.archive.harvester.job;

import mapillary.archive.common.collection.Quality;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which harvest a result or collection event belongs to, when the same collection is harvested again. */
class HarvestRegistryTest {

    private static final String C = "mapillary-u-256";

    private static Harvest harvest(String id) {
        return new Harvest(id, C, "u", Quality.Q256, false, null, true, HarvestStatus.LISTING, null, Instant.now());
    }

    @Test
    void anEventOfAnUnknownEarlierHarvestDoesNotReachTheCurrentOne() {
        HarvestRegistry registry = new HarvestRegistry();
        registry.add(harvest("current"));

        assertThat(registry.resolve("current", C)).map(Harvest::id).contains("current");
        assertThat(registry.resolve("earlier-run-redelivered", C)).as("FINALISED of a forgotten earlier harvest")
                .isEmpty();
    }

    @Test
    void onlyAnEventWithoutAHarvestIdFallsBackToTheCollection() {
        HarvestRegistry registry = new HarvestRegistry();
        registry.add(harvest("current"));

        assertThat(registry.resolve(null, C)).map(Harvest::id).contains("current");
        assertThat(registry.resolve(" ", C)).map(Harvest::id).contains("current");
        assertThat(registry.resolve(null, "mapillary-other-256")).isEmpty();
    }
}
