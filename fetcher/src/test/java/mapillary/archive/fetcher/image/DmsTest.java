package mapillary.archive.fetcher.image;

import com.fasterxml.jackson.databind.JsonNode;
import mapillary.archive.fetcher.support.Vectors;
import org.apache.commons.imaging.common.RationalNumber;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Every case of {@code vectors/dms.json}: decoded within 1e-6 degrees, whole minutes, seconds below 60, refs. */
class DmsTest {

    @TestFactory
    Stream<DynamicTest> everyVector() {
        JsonNode vectors = Vectors.json("dms.json");
        double tolerance = vectors.get("tolerance_deg").asDouble();
        return StreamSupport.stream(vectors.get("cases").spliterator(), false).map(c -> DynamicTest.dynamicTest(
                "dms " + c.get("input").asText(), () -> {
                    double input = c.get("input").asDouble();
                    RationalNumber[] dms = Dms.of(input);
                    assertThat(Dms.toDegrees(dms)).isCloseTo(c.get("expected_abs_value").asDouble(), within(tolerance));
                    assertThat(dms[0].divisor).isEqualTo(1);
                    assertThat(dms[1].divisor).isEqualTo(1);
                    assertThat(dms[1].numerator).isBetween(0L, 59L);
                    assertThat(dms[2].doubleValue()).isGreaterThanOrEqualTo(0).isLessThan(60);
                    assertThat(Dms.latitudeRef(input)).isEqualTo(c.get("lat_ref").asText());
                    assertThat(Dms.longitudeRef(input)).isEqualTo(c.get("lon_ref").asText());
                }));
    }
}
