package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.Postgres;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.EventsTopic;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * PostgreSQL (write keys, dedupe window) goes away while storefronts send: tracking goes on for keys this replica
 * resolved recently (Kafka is what stores events), a key it has not seen gets 503 + Retry-After (never 500, never
 * a false 401), readiness reports the database, and everything works again when it is back.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
@QuarkusTestResource(KafkaTestResource.class)
class DatabaseDownTest {

    private static String call(String messageId) {
        return "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + messageId
                + "\",\"anonymousId\":\"db-outage\",\"event\":\"Product Viewed\"}]}";
    }

    @Test
    void trackingGoesOnWithoutTheDatabaseForKnownKeysAndOthersHear503() throws InterruptedException {
        Postgres pg = PostgresTestResource.server();
        assumeTrue(pg.isRunning() && canStop(pg), "needs the embedded PostgreSQL (CDP_TEST_PG_URL points elsewhere)");
        TestSources.Created known = TestSources.create("db-outage-known");
        TestSources.Created unseen = TestSources.create("db-outage-unseen");
        given().header("Authorization", known.basic()).contentType(ContentType.JSON).body(call(UUID.randomUUID().toString()))
                .when().post("/v1/batch").then().statusCode(200);

        String duringOutage = UUID.randomUUID().toString();
        pg.stop();
        try {
            // a key resolved before the outage keeps working after its cache entry (1 s in tests) expired
            Thread.sleep(1_500);
            given().header("Authorization", known.basic()).contentType(ContentType.JSON).body(call(duringOutage))
                    .when().post("/v1/batch").then().statusCode(200);
            given().header("Authorization", unseen.basic()).contentType(ContentType.JSON).body(call(UUID.randomUUID().toString()))
                    .when().post("/v1/batch")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:cartback:problem:source-registry-unavailable"))
                    .body("detail", containsString("database"));
            // the admin API needs the database: 503 + Retry-After, not an internal error
            given().auth().oauth2(TestSources.ADMIN_TOKEN).when().get("/admin/sources")
                    .then().statusCode(503).contentType("application/problem+json").header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:cartback:problem:dependency-unavailable"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    given().when().get("/q/health/ready").statusCode() == 503);
        } finally {
            pg.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().when().get("/q/health/ready").statusCode() == 200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().header("Authorization", unseen.basic()).contentType(ContentType.JSON)
                        .body(call(UUID.randomUUID().toString())).when().post("/v1/batch").statusCode() == 200);
        List<EventsTopic.Event> stored = EventsTopic.find(List.of(duringOutage), 1, Duration.ofSeconds(30));
        assertEquals(1, stored.size(), "the event accepted during the database outage is on the topic");
    }

    private static boolean canStop(Postgres pg) {
        return System.getenv(Postgres.URL_ENV) == null || System.getenv(Postgres.URL_ENV).isBlank();
    }
}
