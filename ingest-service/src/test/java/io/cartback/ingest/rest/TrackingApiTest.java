package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.EventsTopic;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class TrackingApiTest {
    private TestSources.Created source;

    @BeforeEach
    void createSource() {
        source = TestSources.create("storefront " + UUID.randomUUID());
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String trackJson(String messageId, String anonymousId, String event) {
        return "{\"type\":\"track\",\"messageId\":\"" + messageId + "\",\"anonymousId\":\"" + anonymousId
                + "\",\"event\":\"" + event + "\",\"properties\":{\"product_id\":\"p1\",\"price\":\"19.99\"}}";
    }

    private static String batch(String... items) {
        return "{\"batch\":[" + String.join(",", items) + "]}";
    }

    @Test
    void batchIsStoredOnKafkaOnlyAfterAckKeyedByShopperWithEnrichment() {
        String m1 = id();
        String m2 = id();
        String body = "{\"sentAt\":\"2026-12-03T12:00:05Z\",\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"" + m1 + "\",\"anonymousId\":\"anon-7\",\"userId\":\"u-7\","
                + "\"event\":\"Product Added\",\"timestamp\":\"2026-12-03T12:00:00Z\","
                + "\"properties\":{\"product_id\":\"p1\",\"name\":\"Mug ☕\",\"price\":\"19.99\",\"quantity\":2}},"
                + "{\"type\":\"identify\",\"messageId\":\"" + m2 + "\",\"userId\":\"u-7\",\"traits\":{\"email\":\"a@b.c\"}}]}";
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                .header("User-Agent", "storefront-test/1.0")
                .when().post("/v1/batch")
                .then().statusCode(200).body("success", equalTo(true)).body("rejected", nullValue());

        List<EventsTopic.Event> events = EventsTopic.find(List.of(m1, m2), 2, Duration.ofSeconds(20));
        assertEquals(2, events.size());
        EventsTopic.Event track = events.stream().filter(e -> e.value().path("messageId").asText().equals(m1)).findFirst().orElseThrow();
        assertEquals("anon-7", track.key());
        assertEquals("Product Added", track.value().path("event").asText());
        assertEquals("Mug ☕", track.value().path("properties").path("name").asText());
        assertEquals("19.99", track.value().path("properties").path("price").asText(), "raw property kept");
        assertEquals(19.99, track.value().path("commerce").path("products").get(0).path("price").asDouble());
        assertEquals(2, track.value().path("commerce").path("products").get(0).path("quantity").asInt());
        assertEquals(source.id(), track.value().path("sourceId").asText());
        assertEquals("storefront-test/1.0", track.value().path("context").path("userAgent").asText());
        assertFalse(track.value().path("receivedAt").isMissingNode());
        // timestamp = receivedAt - (sentAt - originalTimestamp): 5 s before receipt
        java.time.Instant received = java.time.Instant.parse(track.value().path("receivedAt").asText());
        assertEquals(received.minusSeconds(5), java.time.Instant.parse(track.value().path("timestamp").asText()));
        EventsTopic.Event identify = events.stream().filter(e -> e.value().path("messageId").asText().equals(m2)).findFirst().orElseThrow();
        assertEquals("u-7", identify.key(), "keyed by userId when there is no anonymousId");
    }

    @Test
    void everySingleCallEndpointAcceptsItsType() {
        List<String> ids = new ArrayList<>();
        for (String type : List.of("track", "identify", "page", "screen", "group", "alias")) {
            String m = id();
            ids.add(m);
            String body = "{\"messageId\":\"" + m + "\",\"userId\":\"u1\",\"anonymousId\":\"a1\",\"event\":\"E\","
                    + "\"groupId\":\"g1\",\"previousId\":\"a0\",\"name\":\"Home\"}";
            given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                    .when().post("/v1/" + type)
                    .then().statusCode(200).body("success", equalTo(true));
        }
        List<EventsTopic.Event> events = EventsTopic.find(ids, 6, Duration.ofSeconds(20));
        assertEquals(List.of("track", "identify", "page", "screen", "group", "alias").stream().sorted().toList(),
                events.stream().map(e -> e.value().path("type").asText()).sorted().toList());
    }

    @Test
    void writeKeyIsAcceptedWithoutColonAndInTheBody() {
        String noColon = "Basic " + java.util.Base64.getEncoder().encodeToString(source.writeKey().getBytes(StandardCharsets.UTF_8));
        given().header("Authorization", noColon).contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track").then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body("{\"writeKey\":\"" + source.writeKey() + "\",\"batch\":[" + trackJson(id(), "a", "E") + "]}")
                .when().post("/v1/import").then().statusCode(200).body("success", equalTo(true));
    }

    @Test
    void missingUnknownAndDisabledWriteKeysGet401ProblemJson() {
        given().contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track")
                .then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("urn:cartback:problem:invalid-write-key"))
                .body("detail", containsString("write key is required"));
        given().auth().preemptive().basic("wk_unknown", "").contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track")
                .then().statusCode(401).body("detail", containsString("unknown or disabled"));

        given().auth().oauth2(TestSources.ADMIN_TOKEN).when().post("/admin/sources/" + source.id() + "/disable")
                .then().statusCode(200).body("enabled", equalTo(false));
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track").then().statusCode(401);
        given().auth().oauth2(TestSources.ADMIN_TOKEN).when().post("/admin/sources/" + source.id() + "/enable")
                .then().statusCode(200);
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track").then().statusCode(200);
    }

    @Test
    void rotatingAKeyRetiresTheOldOne() {
        String newKey = given().auth().oauth2(TestSources.ADMIN_TOKEN)
                .when().post("/admin/sources/" + source.id() + "/rotate")
                .then().statusCode(200).extract().path("writeKey");
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track").then().statusCode(401);
        given().auth().preemptive().basic(newKey, "").contentType(ContentType.JSON).body(trackJson(id(), "a", "E"))
                .when().post("/v1/track").then().statusCode(200);
    }

    @Test
    void malformedJsonIs400ProblemJson() {
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body("{\"batch\":[{\"type\":")
                .when().post("/v1/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:cartback:problem:malformed-json"));
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body("[1,2]")
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:malformed-json"));
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body("{\"batch\":{}}")
                .when().post("/v1/batch")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:invalid-batch"));
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body("{\"batch\":[]}")
                .when().post("/v1/batch")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:empty-batch"));
    }

    @Test
    void deeplyNestedJsonIsRefused() {
        String deep = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body("{\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":" + deep + "}")
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:malformed-json"))
                .body("detail", containsString("nesting"));
    }

    @Test
    void invalidUtf8IsRejectedNotMangled() {
        byte[] body = ("{\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":{\"name\":\"X\"}}").getBytes(StandardCharsets.UTF_8);
        body[body.length - 4] = (byte) 0xC3; // start of a 2-byte sequence followed by '"': invalid
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:invalid-utf8"));
    }

    @Test
    void wrongFieldTypeIs400NamingTheField() {
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body("{\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":[1]}")
                .when().post("/v1/track")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("properties"))
                .body("errors[0].message", containsString("must be an object"));
    }

    @Test
    void ambiguousPriceIs400NamingTheFieldNeverZero() {
        String m = id();
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body("{\"messageId\":\"" + m + "\",\"anonymousId\":\"a\",\"event\":\"Product Added\",\"properties\":{\"price\":\"19,99\"}}")
                .when().post("/v1/track")
                .then().statusCode(400).body("errors[0].field", equalTo("properties.price"));
        assertTrue(EventsTopic.find(List.of(m), 0, Duration.ofSeconds(2)).isEmpty());
    }

    @Test
    void gzipBodiesAreAccepted() throws IOException {
        String m = id();
        given().header("Authorization", source.basic()).header("Content-Encoding", "gzip").contentType(ContentType.JSON)
                .body(gzip(batch(trackJson(m, "gz", "E"))))
                .when().post("/v1/batch").then().statusCode(200);
        assertEquals(1, EventsTopic.find(List.of(m), 1, Duration.ofSeconds(20)).size());
    }

    @Test
    void gzipBombIs400NamingTheLimit() throws IOException {
        byte[] bomb = gzip("{\"batch\":[" + "{\"a\":\"" + "x".repeat(600_000) + "\"}]}");
        given().header("Authorization", source.basic()).header("Content-Encoding", "gzip").contentType(ContentType.JSON)
                .body(bomb)
                .when().post("/v1/batch")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:batch-too-large"))
                .body("detail", containsString("500 KB"));
    }

    @Test
    void batchOver500KbIs400NamingTheLimit() {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            items.add("{\"type\":\"track\",\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":{\"p\":\"" + "x".repeat(20_000) + "\"}}");
        }
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(batch(items.toArray(String[]::new)))
                .when().post("/v1/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("urn:cartback:problem:batch-too-large"));
    }

    @Test
    void singleEventOver32KbIs400NamingTheLimit() {
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body("{\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":{\"p\":\"" + "x".repeat(33_000) + "\"}}")
                .when().post("/v1/track")
                .then().statusCode(400).body("type", equalTo("urn:cartback:problem:event-too-large"))
                .body("detail", containsString("32 KB"));
    }

    @Test
    void batchWithBadCallsStoresTheGoodOnesAndListsEachRejectedOne() {
        String good1 = id();
        String good2 = id();
        String junk = id();
        String big = id();
        String badPrice = id();
        String body = batch(
                trackJson(good1, "a1", "E"),
                "{\"type\":\"track\",\"messageId\":\"" + junk + "\",\"anonymousId\":\"undefined\",\"event\":\"E\"}",
                "{\"type\":\"track\",\"messageId\":\"" + big + "\",\"anonymousId\":\"a\",\"event\":\"E\",\"properties\":{\"p\":\"" + "x".repeat(33_000) + "\"}}",
                "42",
                "{\"type\":\"track\",\"messageId\":\"" + badPrice + "\",\"anonymousId\":\"a\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":\"ten\"}}",
                trackJson(good2, "a2", "E"));
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("success", equalTo(true))
                .body("accepted", equalTo(2))
                .body("rejected", hasSize(4))
                .body("rejected[0].index", equalTo(1)).body("rejected[0].messageId", equalTo(junk))
                .body("rejected[0].reason", equalTo("invalid_call"))
                .body("rejected[1].index", equalTo(2)).body("rejected[1].reason", equalTo("event_too_large"))
                .body("rejected[2].index", equalTo(3)).body("rejected[2].reason", equalTo("not_an_object"))
                .body("rejected[3].index", equalTo(4)).body("rejected[3].errors[0].field", equalTo("properties.revenue"));
        List<EventsTopic.Event> stored = EventsTopic.find(List.of(good1, good2, junk, big, badPrice), 2, Duration.ofSeconds(20));
        assertEquals(List.of(good1, good2).stream().sorted().toList(),
                stored.stream().map(e -> e.value().path("messageId").asText()).sorted().toList());
    }

    @Test
    void batchWithOnlyBadCallsIs400WithTheList() {
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body(batch("{\"type\":\"track\",\"anonymousId\":\"a\"}", "{\"type\":\"nope\",\"anonymousId\":\"a\"}"))
                .when().post("/v1/batch")
                .then().statusCode(400).contentType("application/problem+json")
                .body("rejected", hasSize(2)).body("rejected[0].errors[0].field", equalTo("event"));
    }

    @Test
    void retriedRequestIsStoredOnceAndConflictingContentIsRefused() {
        String m = id();
        String body = batch(trackJson(m, "retry", "E"));
        for (int i = 0; i < 3; i++) {
            given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                    .when().post("/v1/batch").then().statusCode(200);
        }
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body(batch(trackJson(m, "retry", "Different Event")))
                .when().post("/v1/batch")
                .then().statusCode(200)
                .body("rejected[0].reason", equalTo("message_id_conflict"))
                .body("rejected[0].messageId", equalTo(m));
        List<EventsTopic.Event> stored = EventsTopic.find(List.of(m), 1, Duration.ofSeconds(20));
        assertEquals(1, stored.size(), "one event downstream for three retries and a conflict");
        assertEquals("E", stored.get(0).value().path("event").asText(), "the first version is kept");
    }

    @Test
    void sameMessageIdTwiceInOneBatchIsStoredOnce() {
        String m = id();
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body(batch(trackJson(m, "d", "E"), trackJson(m, "d", "E")))
                .when().post("/v1/batch").then().statusCode(200).body("duplicates", equalTo(1));
        assertEquals(1, EventsTopic.find(List.of(m), 1, Duration.ofSeconds(20)).size());
    }

    @Test
    void corsPreflightAllowsBrowserSdks() {
        given().header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "Authorization,Content-Type")
                .when().options("/v1/batch")
                .then().statusCode(200).header("Access-Control-Allow-Origin", "https://shop.example");
    }

    static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

}
