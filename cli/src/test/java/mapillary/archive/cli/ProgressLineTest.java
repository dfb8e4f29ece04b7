package mapillary.archive.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressLineTest {

    @Test
    void plainLineUsesTheOriginalsSizeAndTimeFormats() throws Exception {
        HarvestInfo h = Harvests.info("FETCHING", 12_500, 5_000, 12, 123_456_789, 41.04, 90L);
        assertThat(ProgressLine.plain(h)).isEqualTo(
                "FETCHING     40%  listed 12,500 | fetched 5,000 | failed 12 | 123.46 MB | 41.0 img/s | ETA 1m 30s");
    }

    @Test
    void unknownEtaAndNothingListedShowDashes() throws Exception {
        HarvestInfo h = Harvests.info("LISTING", 0, 0, 0, 0, 0, null);
        assertThat(ProgressLine.plain(h)).isEqualTo(
                "LISTING      --%  listed 0 | fetched 0 | failed 0 | 0 B | 0.0 img/s | ETA --");
        assertThat(ProgressLine.percent(h)).isEqualTo(-1);
    }

    @Test
    void longEtaUsesHoursAndMinutes() throws Exception {
        HarvestInfo h = Harvests.info("FETCHING", 1_000_000, 1, 0, 999, 1.0, 9_000L);
        assertThat(ProgressLine.plain(h)).endsWith("| 999 B | 1.0 img/s | ETA 2h 30m");
    }

    @Test
    void percentCountsFailedImagesAsDoneAndDoneIsAlwaysFull() throws Exception {
        assertThat(ProgressLine.percent(Harvests.info("FETCHING", 200, 50, 50, 0, 0, null))).isEqualTo(50);
        assertThat(ProgressLine.percent(Harvests.info("DONE", 0, 0, 0, 0, 0, 0L))).isEqualTo(100);
    }

    @Test
    void barFillsInProportion() throws Exception {
        assertThat(ProgressLine.bar(Harvests.info("FETCHING", 100, 25, 0, 0, 0, null), 20))
                .isEqualTo("[#####---------------]");
    }

    @Test
    void barLineNeverReachesTheTerminalWidth() throws Exception {
        HarvestInfo h = Harvests.info("FETCHING", 12_500, 5_000, 12, 123_456_789, 41.04, 90L);
        String wide = ProgressLine.withBar(h, 140);
        assertThat(wide).startsWith("FETCHING   [############------------------]    40%  listed 12,500")
                .hasSizeLessThan(140);
        for (int width = 20; width <= 140; width += 7) {
            assertThat(ProgressLine.withBar(h, width)).hasSizeLessThan(width);
        }
        assertThat(ProgressLine.withBar(h, 80)).doesNotContain("[").startsWith("FETCHING     40%  listed");
    }
}
