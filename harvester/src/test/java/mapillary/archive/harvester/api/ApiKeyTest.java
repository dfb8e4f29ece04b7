package mapillary.archive.harvester.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/** With HARVESTER_API_KEY set, harvest calls need the bearer key; health, metrics and OpenAPI stay open. */
@QuarkusTest
@TestProfile(ApiKeyProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class ApiKeyTest {

    /** A request with an Authorization header value (null: none) that must be refused. */
    record Refused(String name, String method, String path, String authorization) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Refused> refused() {
        String key = ApiKeyProfile.KEY;
        return Stream.of(
                new Refused("no header, list", "GET", "/harvests", null),
                new Refused("no header, get", "GET", "/harvests/some-id", null),
                new Refused("no header, events", "GET", "/harvests/some-id/events", null),
                new Refused("no header, delete", "DELETE", "/harvests/some-id", null),
                new Refused("no header, post", "POST", "/harvests", null),
                new Refused("no header, unknown path", "GET", "/harvests/a/b/c", null),
                new Refused("no header, double slash", "GET", "//harvests", null),
                new Refused("no header, trailing slash", "GET", "/harvests/", null),
                new Refused("wrong key", "GET", "/harvests", "Bearer wrong"),
                new Refused("wrong key, post", "POST", "/harvests", "Bearer wrong"),
                new Refused("empty bearer", "GET", "/harvests", "Bearer "),
                new Refused("scheme only", "GET", "/harvests", "Bearer"),
                new Refused("key without scheme", "GET", "/harvests", key),
                new Refused("basic scheme", "GET", "/harvests", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("user:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                new Refused("key prefix", "GET", "/harvests", "Bearer " + key.substring(0, key.length() - 1)),
                new Refused("key plus suffix", "GET", "/harvests", "Bearer " + key + "x"),
                new Refused("key upper case", "GET", "/harvests", "Bearer " + key.toUpperCase()),
                new Refused("two keys", "GET", "/harvests", "Bearer " + key + ", Bearer " + key),
                new Refused("OAuth scheme", "GET", "/harvests", "OAuth " + key));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusesWithAProblem(Refused row) {
        RequestSpecification spec = given().urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body("{\"username\":\"alice\"}");
        if (row.authorization() != null) {
            spec = spec.header("Authorization", row.authorization());
        }
        Response r = spec.request(row.method(), row.path());
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(401);
        assertThat(r.contentType()).startsWith(Problem.MEDIA_TYPE);
        assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(r.jsonPath().getInt("status")).isEqualTo(401);
        assertThat(r.jsonPath().getString("title")).isNotBlank();
        assertThat(r.jsonPath().getString("detail")).contains("Authorization").doesNotContain(ApiKeyProfile.KEY);
    }

    @Test
    void theKeyOpensTheApiAndOnlyTheApiIsClosed() {
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).get("/harvests").then().statusCode(200);
        given().header("Authorization", "bearer  " + ApiKeyProfile.KEY + " ").get("/harvests").then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).get("/harvests/nope").then()
                .statusCode(404).contentType(Problem.MEDIA_TYPE);
        // past the key, the next rule answers: no Mapillary token here
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).contentType(ContentType.JSON)
                .body("{\"username\":\"alice\"}").post("/harvests").then().statusCode(503)
                .contentType(Problem.MEDIA_TYPE).body("status", equalTo(503));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }
}
