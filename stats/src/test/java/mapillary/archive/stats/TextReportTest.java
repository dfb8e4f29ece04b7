package mapillary.archive.stats;

import mapillary.archive.stats.aggregate.Aggregator;
import mapillary.archive.stats.model.Aggregate;
import mapillary.archive.stats.model.CollectionEntry;
import mapillary.archive.stats.report.TextReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextReportTest {

    private static final Path CACHE = Path.of("/data/stats/cache.json");

    @Test
    void contractCacheGivesTheContractReportLineByLine() {
        Map<String, CollectionEntry> cache = StatsVectors.contractCache();
        String report = TextReport.render(Aggregator.aggregate(cache.values()), cache, CACHE.toString(), null);
        assertThat(report).endsWith("\n");
        assertThat(List.of(report.split("\n", -1)).subList(0, report.split("\n", -1).length - 1))
                .containsExactlyElementsOf(StatsVectors.contractReport(CACHE));
    }

    @Test
    void allInMapillaryImagesSaysSoAndStaleNoteFollowsTheCacheLine() {
        Map<String, CollectionEntry> cache = Map.of("mapillary-a-256",
                new CollectionEntry(999, null, 0L, "256", "a", false, List.of("mapillary-images")));
        Aggregate a = Aggregator.aggregate(cache.values());
        String report = TextReport.render(a, cache, "/c.json", "Data from X (1h old); Failed to fetch IA data: boom");
        assertThat(report.split("\n")).containsSubsequence(
                "Unique Images:     0 (0.000% of 2B)",
                "Total Size:        999 B",
                "  256         1 collections             0 images (0.000%)     999 B",
                "",
                "All items are in mapillary-images collection!",
                "",
                "Cache: /c.json",
                "Data from X (1h old); Failed to fetch IA data: boom");
        assertThat(report).doesNotContain("Uploaders with items outside");
    }

    @Test
    void uploaderTiesKeepFirstSeenOrderAndGroupsSortCaseInsensitively() {
        Map<String, CollectionEntry> cache = new java.util.LinkedHashMap<>();
        cache.put("mapillary-b-256", new CollectionEntry(1, "bob", 1L, "256", "b", false, List.of("x")));
        cache.put("mapillary-a-256", new CollectionEntry(1, "Alice", 2L, "256", "a", false, List.of()));
        cache.put("mapillary-c-256", new CollectionEntry(1, null, 3L, "256", "c", false, List.of("y")));
        cache.put("mapillary-d-256", new CollectionEntry(1, "Alice", 4L, "256", "d", false, List.of("y")));
        String report = TextReport.render(Aggregator.aggregate(cache.values()), cache, "/c", null);
        assertThat(report).contains("""
                  Alice: 2 items, 6 images, 2 B
                  bob: 1 items, 1 images, 1 B
                  unknown: 1 items, 3 images, 1 B

                Items NOT in mapillary-images (4):
                ----------------------------------------------------------------------
                Alice:
                mapillary-a-256
                mapillary-d-256

                bob:
                mapillary-b-256

                unknown:
                mapillary-c-256

                Cache: /c
                """);
    }
}
