package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class SourceAdminTest {

    @Test
    void sourcesNeedTheAdminToken() {
        given().when().get("/admin/sources").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("wrong-token-wrong-token-wrong").when().get("/admin/sources")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestSources.ADMIN_TOKEN).when().get("/admin/sources").then().statusCode(200);
    }

    @Test
    void createdKeyIsShownOnceAndListedOnlyByItsHint() {
        TestSources.Created created = TestSources.create("listing-test");
        given().auth().oauth2(TestSources.ADMIN_TOKEN).when().get("/admin/sources")
                .then().statusCode(200)
                .body("name", hasItem("listing-test"))
                .body("writeKey", not(hasItem(created.writeKey())))
                .body("find { it.id == '" + created.id() + "' }.keyHint", startsWith("..."));
    }

    @Test
    void invalidSourceRequestsAreProblems() {
        given().auth().oauth2(TestSources.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"name\":\"\"}")
                .when().post("/admin/sources")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:invalid-source"));
        given().auth().oauth2(TestSources.ADMIN_TOKEN).contentType(ContentType.JSON).body("{\"name\":")
                .when().post("/admin/sources")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestSources.ADMIN_TOKEN)
                .when().post("/admin/sources/00000000-0000-0000-0000-000000000000/disable")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
