package mapillary.archive.harvester.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import mapillary.archive.common.event.Json;
import mapillary.archive.harvester.FakeServicesResource;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import mapillary.archive.testkit.mapillary.FakeMapillary;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** An Error that ends a listing thread fails the harvest with the reason, and a new harvest resumes the listing. */
@QuarkusTest
@TestProfile(ListingErrorTest.WithErrorInjection.class)
@WithTestResource(KafkaBrokerResource.class)
@WithTestResource(FakeServicesResource.class)
class ListingErrorTest {

    /** Selects {@link ErrorInjectingClient} instead of the plain client. */
    public static class WithErrorInjection implements QuarkusTestProfile {
        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ErrorInjectingClient.class);
        }
    }

    FakeMapillary mapillary;

    @Test
    void anOutOfMemoryErrorInTheListingFailsTheHarvestAndANewHarvestResumesFromTheCursor() throws Exception {
        ErrorInjectingClient.ARMED.set(true);
        String first = start("alice");
        JsonNode failed = await(first, "FAILED");
        assertThat(failed.get("reason").asText()).contains("OutOfMemoryError");
        Path staging = Path.of(ConfigProvider.getConfig().getValue("archive.data-dir", String.class))
                .resolve("staging/mapillary-alice-original-webp");
        assertThat(Files.readAllLines(staging.resolve("metadata.jsonl"))).hasSize(100);
        assertThat(staging.resolve(".api_cursor")).exists();

        String second = start("alice");
        await(second, "FETCHING");
        List<String> lines = Files.readAllLines(staging.resolve("metadata.jsonl"));
        assertThat(lines.getLast()).isEqualTo("{\"__complete__\": true}");
        List<String> ids = new ArrayList<>();
        for (String line : lines.subList(0, lines.size() - 1)) {
            ids.add(Json.MAPPER.readTree(line).get("id").asText());
        }
        assertThat(ids).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(mapillary.user("alice").orElseThrow().ids());
        assertThat(mapillary.requests().entries()).filteredOn(e -> e.path().equals("/images"))
                .as("the first page was listed once: the new harvest resumed from the cursor")
                .filteredOn(e -> !e.query().contains("after=")).hasSize(1);
    }

    private static String start(String user) {
        return given().contentType(ContentType.JSON).body("{\"username\":\"" + user + "\",\"checkIa\":false}")
                .post("/harvests").then().statusCode(202).extract().path("id");
    }

    private static JsonNode await(String id, String status) throws Exception {
        Instant end = Instant.now().plusSeconds(60);
        JsonNode h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().extract().asString());
        while (!status.equals(h.get("status").asText()) && Instant.now().isBefore(end)) {
            Thread.sleep(100);
            h = Json.MAPPER.readTree(given().get("/harvests/" + id).then().extract().asString());
        }
        assertThat(h.get("status").asText()).as(h.toString()).isEqualTo(status);
        return h;
    }
}
