package mapillary.archive.harvester.job;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import mapillary.archive.testkit.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Without MAPILLARY_TOKEN a harvest is a clear 503 that says how to fix it; bad input is still a 400. */
@QuarkusTest
@TestProfile(NoTokenProfile.class)
@WithTestResource(KafkaBrokerResource.class)
class NoTokenTest {

    @Test
    void harvestsAnswer503SayingHowToSetTheToken() {
        given().contentType(ContentType.JSON).body("{\"username\":\"alice\"}").post("/harvests")
                .then().statusCode(503).contentType("application/problem+json").body("status", equalTo(503))
                .body("detail", containsString("MAPILLARY_TOKEN"));
        given().contentType(ContentType.JSON).body("{\"username\":\"a/b\"}").post("/harvests")
                .then().statusCode(400);
        given().get("/harvests").then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void openApiDescribesTheHarvestApi() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/harvests'.post", org.hamcrest.Matchers.notNullValue())
                .body("paths.'/harvests/{id}/events'.get", org.hamcrest.Matchers.notNullValue());
    }
}
