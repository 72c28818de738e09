package io.cartback.funnel.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.Topics;
import io.cartback.contracts.TrackedEvent;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PersonalDataSweep;
import io.cartback.devinfra.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The service against a real broker and a real PostgreSQL: events in, report and abandonment out. Each test
 * uses its own shoppers and its own event-time days. The event-time clock is shared and only moves forward, so
 * the tests run in name order and each one's days are later than the previous one's watermark pushes.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "funnel"))
@TestMethodOrder(MethodOrderer.MethodName.class)
class FunnelServiceTest {
    static final String ADMIN = "Bearer test-admin-token-00000000000000";
    static final String MARKETER = "Bearer test-marketer-token-000000000";

    private static List<JsonNode> drain(String topic, String key, int atLeast) {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaTestResource.broker().bootstrapServers());
        p.put("group.id", "t-" + UUID.randomUUID());
        p.put("auto.offset.reset", "earliest");
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(topic));
            long until = System.currentTimeMillis() + 20000;
            while (System.currentTimeMillis() < until && out.size() < atLeast) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(300))) {
                    if (key.equals(r.key())) {
                        try {
                            out.add(Events.JSON.readTree(r.value()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void eventsShowUpInTheReportAndAnAbandonedCartIsPublishedOnceTheWatermarkPassesIt() throws Exception {
        String shopper = "anon-" + UUID.randomUUID();
        String buyer = "anon-" + UUID.randomUUID();
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-02T17:00:00Z", "Product Viewed", Events.product("A", "20.00", 1)));
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-02T17:01:00Z", "Product Added", Events.product("A", "20.00", 2)));
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-02T17:02:00Z", "Cart Viewed",
                    Events.step(null, List.of(Events.line("A", "20.00", 2)))));
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-02T17:03:00Z", "Checkout Step Viewed",
                    Events.step("account", List.of(Events.line("A", "20.00", 2)))));
            // the buyer completes the checkout
            String[][] steps = {{"17:10", "Product Viewed", null}, {"17:11", "Product Added", null},
                    {"17:12", "Cart Viewed", null}, {"17:13", "Checkout Step Viewed", "shipping"},
                    {"17:14", "Checkout Step Viewed", "payment"}, {"17:15", "Checkout Step Viewed", "review"}};
            for (String[] s : steps) {
                ev.send(Topics.EVENTS, buyer, Events.track(buyer, null, "2016-09-02T" + s[0] + ":00Z", s[1],
                        s[2] == null ? Events.product("B", "5.00", 1) : Events.step(s[2], List.of(Events.line("B", "5.00", 1)))));
            }
            ev.send(Topics.EVENTS, buyer, Events.track(buyer, null, "2016-09-02T17:16:00Z", "Order Completed", Events.order("o-1", "5.00")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-09-02&to=2016-09-02").then().statusCode(200)
                .body("journeys", equalTo(2))
                .body("steps[0].entered", equalTo(2))
                .body("steps[3].entered", equalTo(1))
                .body("steps[7].entered", equalTo(1))
                .body("converted", equalTo(1)));

        // the replay is over: push event time past the end of the data, the cart timer fires
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"eventTime\": \"2016-09-03T00:00:00Z\"}").post("/admin/watermark")
                .then().statusCode(200).body("watermark", equalTo("2016-09-03T00:00:00Z"));
        List<JsonNode> abandoned = drain(Topics.CHECKOUTS_ABANDONED, shopper, 1);
        assertEquals(1, abandoned.size(), "exactly one abandonment for the cart");
        JsonNode a = abandoned.get(0);
        assertEquals("account", a.get("stageReached").asText());
        assertEquals("account_required", a.get("reason").asText());
        assertEquals(0, a.get("cartValue").decimalValue().compareTo(new java.math.BigDecimal("40.00")));
        assertEquals("A", a.get("lines").get(0).get("sku").asText());
        assertEquals("2016-09-02T17:03:00Z", a.get("lastActivityAt").asText());
        assertEquals("2016-09-02T18:03:00Z", a.get("abandonedAt").asText());

        given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-09-02&to=2016-09-02").then().statusCode(200)
                .body("dropped", equalTo(1))
                .body("steps[3].dropped", equalTo(1))
                .body("reasons.account_required", equalTo(1))
                .body("breakdowns.find { it.dimension == 'device' }.segments[0].value", equalTo("mobile"));
        given().header("Authorization", MARKETER)
                .get("/funnels/checkout/what-if/free-shipping?threshold=50&from=2016-09-02&to=2016-09-02")
                .then().statusCode(200).body("below", greaterThanOrEqualTo(1));

        // a later order recovers it, once
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-03T09:00:00Z", "Order Completed", Events.order("o-2", "40.00")));
            ev.send(Topics.EVENTS, shopper, Events.track(shopper, null, "2016-09-03T09:00:01Z", "Order Completed", Events.order("o-2", "40.00")));
        }
        List<JsonNode> recovered = drain(Topics.CHECKOUTS_RECOVERED, shopper, 1);
        assertEquals(1, recovered.size());
        assertEquals(a.get("abandonmentId").asText(), recovered.get(0).get("abandonmentId").asText());
        assertEquals("o-2", recovered.get(0).get("orderId").asText());
    }

    @Test
    void eventsOlderThanTheWatermarkAreCountedAsTooLate() throws Exception {
        long before = given().header("Authorization", ADMIN).get("/admin/watermark").then().statusCode(200)
                .extract().jsonPath().getLong("tooLateEvents");
        String s = "anon-" + UUID.randomUUID();
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"eventTime\": \"2016-09-01T00:00:00Z\"}").post("/admin/watermark").then().statusCode(200);
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, s, Events.track(s, null, "2016-08-20T10:00:00Z", "Product Viewed", Events.product("A", "1", 1)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/admin/watermark").then().body("tooLateEvents", equalTo((int) before + 1)));
        given().header("Authorization", MARKETER).get("/funnels/checkout/report?from=2016-08-20&to=2016-08-20")
                .then().body("journeys", equalTo(0)).body("tooLateEvents", greaterThanOrEqualTo(1));
    }

    @Test
    void identityMergeMovesTheAnonymousJourneyOntoTheKnownProfile() throws Exception {
        String anon = "anon-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, anon, Events.track(anon, null, "2016-10-05T17:00:00Z", "Product Viewed", Events.product("A", "1", 1)));
            ev.send(Topics.EVENTS, anon, Events.track(anon, null, "2016-10-05T17:01:00Z", "Product Added", Events.product("A", "1", 1)));
            ev.send(Topics.EVENTS, user, Events.track(null, user, "2016-10-05T17:02:00Z", "Cart Viewed", Events.step(null, List.of(Events.line("A", "1", 1)))));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-10-05&to=2016-10-05").then()
                .body("steps[1].entered", equalTo(1)).body("steps[2].entered", equalTo(0)));
        try (Events ev = new Events()) {
            ev.send(Topics.IDENTITY_MERGES, "p1", new IdentityMerge("m1", "p1", List.of("p0"),
                    List.of("anonymousId:" + anon, "userId:" + user), "identify", "x", java.time.Instant.parse("2016-10-05T17:02:00Z")));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-10-05&to=2016-10-05").then()
                .body("journeys", equalTo(1))
                .body("steps[2].entered", equalTo(1))
                .body("breakdowns.find { it.dimension == 'identity' }.segments[0].value", equalTo("known")));
    }

    @Test
    void profileTombstoneLeavesNothingOfTheShopperInAnyTableButKeepsTheCounts() throws Exception {
        String anon = "anon-" + UUID.randomUUID();
        String user = "user-" + UUID.randomUUID();
        String email = user + "@example.org";
        Instant at = Instant.parse("2016-10-10T17:01:00Z");
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, anon, Events.track(anon, null, "2016-10-10T17:00:00Z", "Product Viewed", Events.product("A", "1", 1)));
            ev.send(Topics.EVENTS, anon, new io.cartback.contracts.TrackedEvent(UUID.randomUUID().toString(),
                    "identify", null, null, user, anon, null, null, anon, at, at, null, at, "src1", null, null,
                    java.util.Map.of("email", email, "firstName", "Zelda"), java.util.Map.of()));
            ev.send(Topics.EVENTS, anon, Events.track(anon, user, "2016-10-10T17:02:00Z", "Product Added", Events.product("A", "1", 1)));
            ev.send(Topics.PROFILES, "prof-9", new io.cartback.contracts.ProfileSnapshot("prof-9", 1, java.time.Instant.now(),
                    email, List.of(user), List.of(anon), java.util.Map.of(), null, List.of(), null, null, List.of(), null));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-10-10&to=2016-10-10").then().statusCode(200)
                .body("journeys", equalTo(1)).body("steps[1].entered", equalTo(1)));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"eventTime\": \"2016-10-11T00:00:00Z\"}").post("/admin/watermark").then().statusCode(200);
        given().header("Authorization", MARKETER)
                .get("/funnels/checkout/dropped?from=2016-10-10&to=2016-10-10").then().statusCode(200)
                .body("shopperKey", hasItem(anon)).body("[0].reason", equalTo("low_intent"));
        // the abandonment went out through the outbox: events, journeys, aliases and outbox hold the shopper's ids
        // (the funnel never stores the email address; it is swept for anyway)
        List<String> person = List.of(anon, user, email);
        await().atMost(Duration.ofSeconds(30)).until(() -> sweep(List.of(anon)).stream()
                .anyMatch(h -> h.table().equals("outbox")) && !sweep(List.of(user)).isEmpty());
        try (Events ev = new Events()) {
            ev.send(Topics.PROFILES, "prof-9", null);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/dropped?from=2016-10-10&to=2016-10-10").then().statusCode(200)
                .body("shopperKey", not(hasItem(anon))).body("size()", equalTo(1)));
        assertEquals(List.of(), sweep(person), "no table of the funnel database holds the shopper");
        given().header("Authorization", MARKETER).get("/funnels/checkout/report?from=2016-10-10&to=2016-10-10")
                .then().body("journeys", equalTo(1)).body("steps[1].entered", equalTo(1));
    }

    static List<PersonalDataSweep.Hit> sweep(List<String> needles) throws Exception {
        return PersonalDataSweep.sweep(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.url", String.class), "postgres", "postgres", needles);
    }

    @Test
    void funnelDefinitionsAreManagedByMarketersAndValidated() {
        given().header("Authorization", MARKETER).get("/funnels").then().statusCode(200).body("id", hasItem("checkout"));
        given().header("Authorization", MARKETER).contentType("application/json")
                .body("{\"steps\":[{\"id\":\"viewed\",\"match\":[{\"event\":\"Product Viewed\"}]},"
                        + "{\"id\":\"account\",\"match\":[{\"event\":\"Checkout Step Viewed\",\"where\":{\"step_name\":[\"account\",\"register\"]}}]}],"
                        + "\"conversionWindow\":\"PT2H\"}")
                .put("/funnels/signup").then().statusCode(200).body("conversionWindow", equalTo("PT2H"));
        given().header("Authorization", MARKETER).get("/funnels/signup").then().statusCode(200)
                .body("steps[1].match[0].where.step_name", hasItems("account", "register"));
        given().header("Authorization", MARKETER).contentType("application/json")
                .body("{\"steps\":[{\"id\":\"Bad Id\",\"match\":[]}],\"conversionWindow\":\"two hours\"}")
                .put("/funnels/broken").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("conversionWindow", "steps", "steps[0].id", "steps[0].match"));
        given().header("Authorization", MARKETER).delete("/funnels/checkout").then().statusCode(409);
        given().header("Authorization", MARKETER).delete("/funnels/signup").then().statusCode(204);
        given().header("Authorization", MARKETER).get("/funnels/signup").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void badQueriesGetProblemsNamingTheParameter() {
        given().header("Authorization", MARKETER).get("/funnels/checkout/report?from=2016-13-01").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("'from'"));
        given().header("Authorization", MARKETER).get("/funnels/checkout/report?from=2016-08-05&to=2016-08-01").then()
                .statusCode(400).body("type", equalTo("urn:cartback:problem:invalid-range"));
        given().header("Authorization", MARKETER).get("/funnels/checkout/what-if/free-shipping?threshold=abc").then()
                .statusCode(400).body("detail", containsString("'threshold'"));
        given().header("Authorization", ADMIN).contentType("application/json").body("{\"eventTime\":\"yesterday\"}")
                .post("/admin/watermark").then().statusCode(400).body("detail", containsString("eventTime"));
    }

    @Test
    void reportPageInHeadlessChromiumShowsEveryStepWithItsCount() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(HeadlessChromium.binary() != null,
                "chromium is not installed (CI installs the Debian package 'chromium')");
        String[] shoppers = {"anon-" + UUID.randomUUID(), "anon-" + UUID.randomUUID(), "anon-" + UUID.randomUUID()};
        try (Events ev = new Events()) {
            for (int i = 0; i < shoppers.length; i++) {
                String s = shoppers[i];
                ev.send(Topics.EVENTS, s, Events.track(s, null, "2016-10-20T17:0" + i + ":00Z", "Product Viewed", Events.product("A", "3", 1)));
                if (i > 0) {
                    ev.send(Topics.EVENTS, s, Events.track(s, null, "2016-10-20T17:1" + i + ":00Z", "Product Added", Events.product("A", "3", 1)));
                }
                if (i > 1) {
                    ev.send(Topics.EVENTS, s, Events.track(s, null, "2016-10-20T17:2" + i + ":00Z", "Cart Viewed", Events.step(null, List.of(Events.line("A", "3", 1)))));
                }
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-10-20&to=2016-10-20").then().body("journeys", equalTo(3)));
        String url = "http://localhost:" + io.restassured.RestAssured.port + "/funnels/checkout/report?from=2016-10-20&to=2016-10-20";
        try (HeadlessChromium browser = new HeadlessChromium()) {
            browser.open(url, java.util.Map.of("Authorization", MARKETER));
            JsonNode bars = browser.evaluate("[...document.querySelectorAll('#funnel-chart rect.step-bar')]"
                    + ".map(r => ({step: r.dataset.step, entered: r.dataset.entered, width: r.getBBox().width}))");
            JsonNode counts = browser.evaluate("[...document.querySelectorAll('#funnel-chart text.step-count')].map(t => t.textContent)");
            JsonNode labels = browser.evaluate("[...document.querySelectorAll('#funnel-chart text.step-label')].map(t => t.textContent)");
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "funnel-report.png"));
            assertEquals(8, bars.size(), bars.toString());
            assertEquals(List.of("3", "2", "1", "0", "0", "0", "0", "0"),
                    java.util.stream.StreamSupport.stream(counts.spliterator(), false).map(JsonNode::asText).toList());
            assertEquals("product_viewed", bars.get(0).get("step").asText());
            assertTrue(bars.get(0).get("width").asDouble() > bars.get(1).get("width").asDouble(),
                    "bars are drawn to scale: " + bars);
            assertTrue(labels.get(3).asText().contains("optional"), labels.toString());
            assertTrue(java.nio.file.Files.size(java.nio.file.Path.of("target", "screenshots", "funnel-report.png")) > 5000);

            // once event time passes their sessions, the three journeys are dropped and the reason mix is drawn
            given().header("Authorization", ADMIN).contentType("application/json")
                    .body("{\"eventTime\": \"2016-10-21T00:00:00Z\"}").post("/admin/watermark").then().statusCode(200);
            browser.open(url, java.util.Map.of("Authorization", MARKETER));
            JsonNode slices = browser.evaluate("[...document.querySelectorAll('#reason-chart rect.reason-slice')]"
                    + ".map(r => r.dataset.reason + '=' + r.dataset.count)");
            browser.screenshot(java.nio.file.Path.of("target", "screenshots", "funnel-report-dropped.png"));
            assertEquals(List.of("low_intent=3"),
                    java.util.stream.StreamSupport.stream(slices.spliterator(), false).map(JsonNode::asText).toList());
        }
    }

    @Test
    void reportsNeedATokenAndTheWatermarkNeedsTheAdminToken() {
        given().get("/funnels/checkout/report").then().statusCode(401);
        given().header("Authorization", "Bearer wrong-token-000000000000000000").get("/funnels").then().statusCode(401);
        given().header("Authorization", MARKETER).get("/admin/watermark").then().statusCode(403);
        given().header("Authorization", MARKETER).accept("text/html")
                .get("/funnels/checkout/report?from=2016-08-01&to=2016-08-31").then().statusCode(200)
                .contentType(containsString("text/html")).body(containsString("<svg id=\"funnel-chart\""));
    }

    /**
     * A consumer killed between its database commit and its offset commit gets the batch again after the restart,
     * by which time the watermark may have passed those events: they are duplicates, not too late (the report's
     * too-late count must not depend on crashes). Named to run last: it moves the shared event-time clock far on.
     */
    @Test
    void watermarkPassedARedeliveredEventWhichIsADuplicateNotTooLate() throws Exception {
        String s = "anon-" + UUID.randomUUID();
        TrackedEvent viewed = Events.track(s, null, "2016-12-01T10:00:00Z", "Product Viewed", Events.product("A", "1", 1));
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, s, viewed);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", MARKETER)
                .get("/funnels/checkout/report?from=2016-12-01&to=2016-12-01").then().body("journeys", equalTo(1)));
        given().header("Authorization", ADMIN).contentType("application/json")
                .body("{\"eventTime\": \"2016-12-05T00:00:00Z\"}").post("/admin/watermark").then().statusCode(200);
        long before = given().header("Authorization", ADMIN).get("/admin/watermark").then().statusCode(200)
                .extract().jsonPath().getLong("tooLateEvents");
        try (Events ev = new Events()) {
            ev.send(Topics.EVENTS, s, viewed); // the redelivery
            // then a new event just as old, after it in the same partition: really too late
            ev.send(Topics.EVENTS, s, Events.track(s, null, "2016-12-01T10:01:00Z", "Product Added", Events.product("A", "1", 1)));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", ADMIN)
                .get("/admin/watermark").then().body("tooLateEvents", equalTo((int) before + 1)));
        Thread.sleep(1000);
        given().header("Authorization", ADMIN).get("/admin/watermark").then().body("tooLateEvents", equalTo((int) before + 1));
        given().header("Authorization", MARKETER).get("/funnels/checkout/report?from=2016-12-01&to=2016-12-01").then()
                .body("journeys", equalTo(1)).body("steps[1].entered", equalTo(0));
    }
}
