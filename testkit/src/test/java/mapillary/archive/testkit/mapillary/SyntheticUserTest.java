package mapillary.archive.testkit.mapillary;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic data: shape, quirks, determinism and laziness. */
class SyntheticUserTest {

    @Test
    void sameSeedSameRecordsOtherSeedOtherRecords() {
        SyntheticUser a = SyntheticUser.generate("dora", 3000, 5);
        SyntheticUser b = SyntheticUser.generate("dora", 3000, 5);
        SyntheticUser c = SyntheticUser.generate("dora", 3000, 6);
        for (int i : new int[] {0, 1, 500, 2999}) {
            assertThat(b.record(i)).usingRecursiveComparison().isEqualTo(a.record(i));
        }
        assertThat(c.id(0)).isNotEqualTo(a.id(0));
        assertThat(c.record(0).capturedAt()).isNotEqualTo(a.record(0).capturedAt());
    }

    @Test
    void idsAreNumericUniqueAndResolvable() {
        SyntheticUser a = SyntheticUser.generate("erin", 2000, 1);
        SyntheticUser b = SyntheticUser.generate("frank", 2000, 1);
        Set<String> ids = new HashSet<>(a.ids());
        ids.addAll(b.ids());
        assertThat(ids).hasSize(4000).allMatch(id -> id.matches("[1-9][0-9]{15}"));
        assertThat(a.indexOf(a.id(1234))).hasValue(1234);
        assertThat(a.indexOf(b.id(1234))).isEmpty();
        assertThat(a.indexOf("../x")).isEmpty();
    }

    @Test
    void recordsHaveTheQuirksOfRealData() {
        SyntheticUser u = SyntheticUser.generate("gina", 5000, 3);
        List<SyntheticImage> all = u.records().toList();

        assertThat(all).anyMatch(r -> r.sequence() == null);
        assertThat(all).anyMatch(r -> r.capturedAtPresent() && r.capturedAt() == null);
        assertThat(all).anyMatch(r -> !r.capturedAtPresent());
        assertThat(all).anyMatch(r -> r.altitude() == null);
        assertThat(all).anyMatch(r -> r.altitude() instanceof Long l && l > 4_294_967_000L);
        assertThat(all).anyMatch(r -> r.make() == null && r.model() == null);
        assertThat(all).anyMatch(r -> "Ñikon".equals(r.make()));
        assertThat(all).anyMatch(r -> r.geometry().length == 3);
        assertThat(all).filteredOn(SyntheticImage::pano).isNotEmpty()
                .allMatch(r -> r.width() == 2 * r.height() && r.cameraType().equals("equirectangular"));
        assertThat(all).filteredOn(r -> !r.pano()).isNotEmpty()
                .allMatch(r -> r.cameraParameters() != null && r.cameraParameters().length == 3);

        Map<String, Long> perSequence = all.stream().filter(r -> r.sequence() != null)
                .collect(Collectors.groupingBy(SyntheticImage::sequence, Collectors.counting()));
        assertThat(perSequence.keySet()).allMatch(s -> s.matches("[A-Za-z0-9]{22}"));
        assertThat(perSequence.values()).anyMatch(n -> n > 500).anyMatch(n -> n > 1 && n < 500);

        Set<LocalDate> days = all.stream().filter(r -> r.capturedAt() != null)
                .map(r -> Instant.ofEpochMilli(r.capturedAt()).atZone(ZoneOffset.UTC).toLocalDate())
                .collect(Collectors.toSet());
        assertThat(days).hasSizeGreaterThan(5);
    }

    @Test
    void countPerDateCoversEveryImage() {
        SyntheticUser u = SyntheticUser.generate("jill", 500, 8);
        var perDate = u.countPerDate();
        assertThat(perDate.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        assertThat(perDate).containsKey("unknown-date");
        assertThat(perDate.keySet()).allMatch(d -> d.equals("unknown-date") || d.matches("\\d{4}-\\d{2}-\\d{2}"));
    }

    @Test
    void someSequencesStraddleUtcMidnight() {
        SyntheticUser u = SyntheticUser.generate("hank", 40, 9);
        Map<String, Set<LocalDate>> daysPerSequence = u.records()
                .filter(r -> r.sequence() != null && r.capturedAt() != null)
                .collect(Collectors.groupingBy(SyntheticImage::sequence, Collectors.mapping(
                        r -> Instant.ofEpochMilli(r.capturedAt()).atZone(ZoneOffset.UTC).toLocalDate(),
                        Collectors.toSet())));
        assertThat(daysPerSequence.values()).anyMatch(d -> d.size() == 2);
        assertThat(daysPerSequence.values().stream().flatMap(Set::stream).distinct().count()).isGreaterThan(2);
    }

    @Test
    void withoutQuirksEveryFieldIsPresent() {
        SyntheticUser u = SyntheticUser.generate("ivy", 1000, 2, SyntheticUser.Options.defaults().withoutQuirks());
        assertThat(u.records()).allMatch(r -> r.sequence() != null && r.capturedAt() != null && r.altitude() instanceof Double
                && r.make() != null && r.geometry().length == 2 && r.capturedAtPresent());
    }

    @Test
    void aMillionImageUserIsLazy() {
        SyntheticUser u = SyntheticUser.generate("huge", 1_000_000, 4);
        assertThat(u.recordsGenerated()).isZero();
        assertThat(u.ids()).hasSize(1_000_000);
        SyntheticImage last = u.record(999_999);
        assertThat(last.id()).isEqualTo(u.id(999_999));
        assertThat(u.recordsGenerated()).isEqualTo(1);
        assertThat(u.imageIdsOfSequence(last.sequence())).contains(last.id());
        assertThat(u.sequenceCount()).isBetween(1000, 100_000);
    }
}
