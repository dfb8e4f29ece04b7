package mapillary.archive.harvester.api;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** With HARVESTER_API_KEY set, harvest calls need the bearer key; health and OpenAPI stay open. */
@QuarkusTest
@TestProfile(ApiKeyProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class ApiKeyTest {

    @Test
    void harvestCallsNeedTheKey() {
        given().get("/harvests").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
        given().header("Authorization", "Bearer wrong").get("/harvests").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").contentType(ContentType.JSON)
                .body("{\"username\":\"alice\"}").post("/harvests").then().statusCode(401);
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).get("/harvests").then().statusCode(200);
        // past the key, the next rule answers: no Mapillary token here
        given().header("Authorization", "Bearer " + ApiKeyProfile.KEY).contentType(ContentType.JSON)
                .body("{\"username\":\"alice\"}").post("/harvests").then().statusCode(503);
        given().get("/q/health/live").then().statusCode(200);
    }
}
