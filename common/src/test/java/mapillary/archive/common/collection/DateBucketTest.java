package mapillary.archive.common.collection;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DateBucketTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void utcDayOfTheCaptureWhateverTheMachineZone() {
        assertThat(DateBucket.of(1_700_000_000_000L)).isEqualTo("2023-11-14");
        assertThat(DateBucket.of(1_561_939_199_999L)).as("last ms of 2019-06-30 UTC").isEqualTo("2019-06-30");
        assertThat(DateBucket.of(-1L)).isEqualTo("1969-12-31");
    }

    @Test
    void missingZeroAndUnnameableTimesAreUnknown() throws Exception {
        assertThat(DateBucket.of((Long) null)).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(0L)).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(253_402_300_800_000L)).as("year 10000").isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(253_402_300_799_999L)).isEqualTo("9999-12-31");
        assertThat(DateBucket.of(Long.MAX_VALUE)).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(Long.MIN_VALUE)).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(-62_135_596_800_001L)).as("before year 1").isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(JSON.readTree("{\"captured_at\":\"2024-01-01\"}"))).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(JSON.readTree("{\"captured_at\":null}"))).isEqualTo(DateBucket.UNKNOWN);
        assertThat(DateBucket.of(JSON.readTree("{}"))).isEqualTo(DateBucket.UNKNOWN);
    }

    @Test
    void everyNameItGivesIsADateDirectory() {
        for (long t : new long[] {1L, -1L, 1_700_000_000_000L, 253_402_300_799_999L, -62_135_596_800_000L}) {
            assertThat(DateBucket.isDateDirectory(DateBucket.of(t))).as(Long.toString(t)).isTrue();
        }
    }
}
