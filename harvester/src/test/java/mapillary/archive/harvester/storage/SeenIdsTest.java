package mapillary.archive.harvester.storage;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeenIdsTest {

    @Test
    void remembersManyNumericIdsAndOthers() {
        SeenIds seen = new SeenIds();
        for (long i = 0; i < 100_000; i++) {
            assertThat(seen.add(Long.toString(1_000_000_000_000L + i * 7919))).isTrue();
        }
        assertThat(seen.add("1000000000000")).isFalse();
        assertThat(seen.contains(Long.toString(1_000_000_000_000L + 99_999L * 7919))).isTrue();
        assertThat(seen.contains("1000000000001")).isFalse();
        assertThat(seen.add("abc_1")).isTrue();
        assertThat(seen.add("abc_1")).isFalse();
        assertThat(seen.add("012")).isTrue();
        assertThat(seen.add("12")).isTrue();
        assertThat(seen.add("12")).isFalse();
        assertThat(seen.add("99999999999999999999999")).isTrue();
        assertThat(seen.size()).isEqualTo(100_004);
    }
}
