package io.cartback.campaign.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.campaign.domain.Holdout;
import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.Topics;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PersonalDataSweep;
import io.cartback.devinfra.PostgresTestResource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "campaign"))
class CampaignFlowTest extends CampaignTestSupport {
    @Inject
    MockMailbox mailbox;
    @Inject
    ObjectMapper mapper;
    @Inject
    Pool pool;

    @Override
    ObjectMapper mapper() {
        return mapper;
    }

    @Override
    Pool pool() {
        return pool;
    }

    @Test
    void abandonedCartGetsOneEmailAfterTheDelayWithCartOfferAndRecommendations() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);

        advanceWatermark(t.plus(Duration.ofMinutes(59)));
        // the step is due at t+1h: a dispatcher pass at t+59m leaves it pending
        await().atMost(Duration.ofSeconds(10)).until(() -> rows(
                "select 1 from send s join campaign c on c.id = s.campaign_id where c.id = $1::uuid and s.state = 'PENDING'",
                campaign).size() == 1);
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());

        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getMailsSentTo(s.email()) != null
                && !mailbox.getMailsSentTo(s.email()).isEmpty());
        Mail mail = mailbox.getMailsSentTo(s.email()).get(0);
        assertEquals("Ada, you left something in your cart", mail.getSubject());
        assertTrue(mail.getFrom().contains("shop@example.com"), mail.getFrom());
        String html = mail.getHtml();
        assertTrue(html.contains("Organic Tee"), html);
        assertTrue(html.contains("<bdi>כובע צמר</bdi>"), "RTL name kept and isolated: " + html);
        assertTrue(html.contains("$40.00"), "line total: " + html);
        assertTrue(html.contains("Subtotal: $60.00"), html);
        assertTrue(html.contains("Add <strong>$15.00</strong> more to get free shipping"), html);
        assertTrue(html.contains("Wool Beanie") && html.contains("Socks"), "recommendations from history: " + html);
        assertTrue(html.indexOf("Wool Beanie") < html.indexOf("Socks"), "the product that closes the gap first");
        assertTrue(html.contains("http://localhost:8084/t/o/"), "open pixel");
        assertTrue(mail.getText().contains("Add $15.00 more to get free shipping"), mail.getText());
        assertTrue(mail.getText().contains("כובע צמר"), mail.getText());
        List<String> listUnsubscribe = mail.getHeaders().get("List-Unsubscribe");
        assertNotNull(listUnsubscribe);
        assertTrue(listUnsubscribe.get(0).startsWith("<http://localhost:8084/u/"), listUnsubscribe.toString());

        await().atMost(Duration.ofSeconds(20)).until(() -> count(campaign, "steps[0].mailed.sent") == 1);
        long sendId = rows("select id from send where campaign_id = $1::uuid", campaign).get(0).getLong("id");
        Map<String, Object> sent = awaitEvent(mapper, "cb-email-sent-" + sendId);
        assertEquals("Email Sent", sent.get("event"));
        assertEquals(s.anon(), sent.get("_key"));
        assertEquals(t.plus(Duration.ofHours(1)), Instant.parse((String) sent.get("timestamp")),
                "event time of the send is its due time");
        assertEquals(1, mailbox.getMailsSentTo(s.email()).size());
    }

    @Test
    void orderPlacedBeforeTheDelaySendsNothing() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);
        String orderMsg = unique("order");
        // the shopper became known only at checkout: the order carries the same anonymousId plus a userId
        send(Topics.EVENTS, s.anon(), track(orderMsg, "Order Completed", s.anon(), t.plus(Duration.ofMinutes(40)),
                new Commerce(s.cartId(), null, "o-1", null, null, null, new BigDecimal("60.00"), null, null, null,
                        null, null, null, "USD", s.cart()), Map.of()));
        awaitRow("select 1 from shopper_event where message_id = $1", orderMsg);

        advanceWatermark(t.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.suppressed.ordered") == 1);
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());
        JsonPath r = report(campaign);
        assertEquals(1, r.getInt("mailed.recoveredOrders"));
        assertEquals(60.0f, r.getFloat("mailed.recoveredRevenue"));
    }

    @Test
    void unsubscribedBeforeTheDelaySendsNothing() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);
        String msg = unique("unsub");
        send(Topics.EVENTS, s.anon(), track(msg, "Unsubscribed", s.anon(), t.plus(Duration.ofMinutes(10)), null,
                Map.of("email", s.email())));
        awaitRow("select 1 from shopper_event where message_id = $1", msg);

        advanceWatermark(t.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.suppressed.no_consent") == 1);
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());
    }

    @Test
    void erasedProfileSendsNothing() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);
        send(Topics.PROFILES, s.profileId(), null);
        awaitRow("select 1 from profile where profile_id = $1 and erased", s.profileId());
        // a late, older snapshot must not bring the profile back
        send(Topics.PROFILES, s.profileId(), profile(s.profileId(), 1, s.email(), s.anon(), s.cart(), t, false));

        advanceWatermark(t.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.suppressed.erased") == 1);
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());
    }

    @Test
    void erasureLeavesNothingOfTheShopperInAnyTableAndALaterAbandonmentMailsNobody() throws Exception {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        String added = unique("m");
        send(Topics.EVENTS, s.anon(), track(added, "Product Added", s.anon(), t.minus(Duration.ofMinutes(10)), null,
                Map.of()));
        awaitRow("select 1 from shopper_event where message_id = $1", added);
        abandon(s, reason, t, campaign, 1);
        advanceWatermark(t.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getMailsSentTo(s.email()) != null
                && mailbox.getMailsSentTo(s.email()).size() == 1);
        // a second cart whose step is still pending when the erasure arrives
        String secondCart = unique("cart");
        send(Topics.CHECKOUTS_ABANDONED, s.anon(), abandonment(unique("ab"), s.anon(), secondCart, reason, s.cart(),
                t.plus(Duration.ofHours(3))));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.triggered") == 2);
        List<String> person = List.of(s.email(), s.anon(), s.cartId(), secondCart);
        assertEquals(person.size(), sweep(person).stream().map(PersonalDataSweep.Hit::needle).distinct().count(),
                "the sweep finds the shopper before the erasure");

        send(Topics.PROFILES, s.profileId(), null);
        awaitRow("select 1 from profile where profile_id = $1 and erased", s.profileId());
        assertEquals(List.of(), sweep(person), "no table of the campaign database holds the shopper");
        JsonPath report = given().header("Authorization", MARKETER).get("/campaigns/" + campaign + "/report")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, report.getInt("steps[0].mailed.sent"), "the pseudonymised send still counts");
        assertEquals(1, report.getInt("steps[0].mailed.suppressed.erased"), "the pending step is suppressed");

        // the same anonymousId abandons again later: no profile, no address, no email
        send(Topics.CHECKOUTS_ABANDONED, s.anon(), abandonment(unique("ab"), s.anon(), unique("cart"), reason,
                s.cart(), t.plus(Duration.ofHours(5))));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.triggered") == 3);
        advanceWatermark(t.plus(Duration.ofHours(8)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.suppressed.no_email") == 1);
        assertEquals(1, mailbox.getMailsSentTo(s.email()).size());
        given().header("Authorization", MARKETER).get("/campaigns/" + campaign + "/report").then()
                .body("steps[0].mailed.sent", org.hamcrest.Matchers.equalTo(1));
    }

    static List<PersonalDataSweep.Hit> sweep(List<String> needles) throws Exception {
        return PersonalDataSweep.sweep(ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                "postgres", "postgres", needles);
    }

    @Test
    void duplicateTriggersAndRedeliverySendExactlyOneEmail() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        var first = abandonment("ab-dup-" + s.cartId(), s.anon(), s.cartId(), reason, s.cart(), t);
        for (int i = 0; i < 3; i++) {
            send(Topics.CHECKOUTS_ABANDONED, s.anon(), first);
        }
        // a second abandonment of the same cart (another id, same last activity) is the same cart
        send(Topics.CHECKOUTS_ABANDONED, s.anon(),
                abandonment("ab-other-" + s.cartId(), s.anon(), s.cartId(), reason, s.cart(), t));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.triggered") == 1);

        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> count(campaign, "steps[0].mailed.sent") == 1);

        // redelivery after the send, followed on the same partition by a sentinel cart of another shopper key
        send(Topics.CHECKOUTS_ABANDONED, s.anon(), first);
        Shopper sentinel = new Shopper(s.anon(), s.email(), s.profileId(), unique("cart"), s.cart());
        send(Topics.CHECKOUTS_ABANDONED, s.anon(),
                abandonment(unique("ab"), sentinel.anon(), sentinel.cartId(), reason, s.cart(), t));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.triggered") == 2);
        // the sentinel is capped (same address within 12 h): proof the dispatcher ran after the redelivery
        advanceWatermark(t.plus(Duration.ofHours(2)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.suppressed.capped") == 1);
        assertEquals(1, mailbox.getMailsSentTo(s.email()).size());
    }

    @Test
    void claimOfACrashedReplicaIsSentOnceAndAnInterruptedSendIsNeverRepeated() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper claimed = shopperWithCart(t);
        Shopper sending = shopperWithCart(t);
        abandon(claimed, reason, t, campaign, 1);
        abandon(sending, reason, t, campaign, 2);
        // what a replica that died would leave behind: one step claimed (before SMTP), one marked SENDING
        OffsetDateTime expired = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(5);
        rows("update send set state = 'CLAIMED', lease_until = $2 where cart_key = $1 returning id",
                "cart:" + claimed.cartId(), expired);
        rows("update send set state = 'SENDING', lease_until = $2, email = $3 where cart_key = $1 returning id",
                "cart:" + sending.cartId(), expired, sending.email());

        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> mailbox.getMailsSentTo(claimed.email()) != null
                && mailbox.getMailsSentTo(claimed.email()).size() == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.outcomeUnknown") == 1);
        // the mailbox has the message a moment before the send is committed as sent
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.sent") == 1);
        assertTrue(mailbox.getMailsSentTo(sending.email()) == null || mailbox.getMailsSentTo(sending.email()).isEmpty());
    }

    @Test
    void cartChangedAfterTheTriggerRestartsTheDelay() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);
        String msg = unique("add");
        send(Topics.EVENTS, s.anon(), track(msg, "Product Added", s.anon(), t.plus(Duration.ofMinutes(45)),
                new Commerce(s.cartId(), null, null, null, null, null, null, null, null, null, null, null, null, "USD",
                        List.of(product("tee", "Organic Tee", "20.00", 1))), Map.of()));
        awaitRow("select 1 from shopper_event where message_id = $1", msg);

        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].mailed.cartChangeDeferrals") == 1);
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());
        advanceWatermark(t.plus(Duration.ofMinutes(105)));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getMailsSentTo(s.email()) != null
                && mailbox.getMailsSentTo(s.email()).size() == 1);
    }

    @Test
    void holdoutShopperIsTrackedButNotMailed() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of("sendRules", Map.of("holdoutPercent", 50)));
        Instant t = freshEventTime();
        Shopper held = null;
        for (int i = 0; i < 50 && held == null; i++) {
            Shopper candidate = shopperWithCart(t);
            if (Holdout.isHeldOut(campaign, "key:" + candidate.anon(), 50)) {
                held = candidate;
            }
        }
        assertNotNull(held);
        abandon(held, reason, t, campaign, 1);
        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> count(campaign, "steps[0].holdout.suppressed.holdout") == 1);
        Shopper h = held;
        assertTrue(mailbox.getMailsSentTo(h.email()) == null || mailbox.getMailsSentTo(h.email()).isEmpty());
        assertEquals(1, count(campaign, "holdout.enrolled"));
    }

    @Test
    void trackedLinksRecordOpenClickAndUnsubscribe() {
        Mailed m = oneMailedCart(mailbox);
        String campaign = m.campaign();
        Shopper s = m.shopper();
        String pixel = m.pixel();
        given().get(pixel).then().statusCode(200).contentType("image/gif");
        String click = m.click();
        given().redirects().follow(false).urlEncodingEnabled(false).get(click).then().statusCode(302)
                .header("Location", containsString("https://shop.example.com/"));
        String tampered = click.replace("shop.example.com", "evil.example.com");
        given().redirects().follow(false).urlEncodingEnabled(false).get(tampered).then().statusCode(400)
                .contentType("application/problem+json");

        String unsubscribe = m.unsubscribe();
        given().get(unsubscribe).then().statusCode(200).body(containsString("<form method=\"post\">"));
        given().contentType("application/x-www-form-urlencoded").formParam("List-Unsubscribe", "One-Click")
                .post(unsubscribe).then().statusCode(200).body(containsString("unsubscribed"));
        given().get(unsubscribe.substring(0, unsubscribe.length() - 2) + "xx").then().statusCode(400);

        long sendId = rows("select id from send where campaign_id = $1::uuid", campaign).get(0).getLong("id");
        assertEquals("Email Opened", awaitEvent(mapper, "cb-email-opened-" + sendId).get("event"));
        assertEquals("Email Link Clicked", awaitEvent(mapper, "cb-email-clicked-" + sendId).get("event"));
        Map<String, Object> unsub = awaitEvent(mapper, "cb-unsubscribed-" + sendId);
        assertEquals("Unsubscribed", unsub.get("event"));
        assertEquals(s.email(), ((Map<?, ?>) unsub.get("properties")).get("email"));
        JsonPath r = report(campaign);
        assertEquals(1, r.getInt("steps[0].mailed.opened"));
        assertEquals(1, r.getInt("steps[0].mailed.clicked"));
    }

    @Test
    void templateThatDoesNotRenderBlocksActivation() {
        String id = given().header("Authorization", MARKETER).contentType(ContentType.JSON)
                .body(Map.of("name", "Broken", "steps", List.of(Map.of("delay", "PT1H", "subject", "Hi",
                        "html", "<p>{email.noSuchField}</p>", "text", "{#for x in email.lines}"))))
                .post("/campaigns").then().statusCode(201).body("status", equalTo("draft")).extract().path("id");
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("status", "active"))
                .post("/campaigns/" + id + "/status").then().statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("steps[0].html"))
                .body("errors.field", hasItem("steps[0].text"));
        given().header("Authorization", MARKETER).get("/campaigns/" + id).then().body("status", equalTo("draft"));
    }

    @Test
    void invalidCampaignIsRejectedNamingEachField() {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("name", "", "freeShipping", Map.of("threshold", -5, "currency", "US"),
                        "sendRules", Map.of("holdoutPercent", 90, "timezone", "Mars/Base")))
                .post("/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("freeShipping.threshold"))
                .body("errors.field", hasItem("freeShipping.currency"))
                .body("errors.field", hasItem("sendRules.holdoutPercent"))
                .body("errors.field", hasItem("sendRules.timezone"));
        given().header("Authorization", ADMIN).contentType(ContentType.JSON).body("{\"name\": \"x\", \"delay\": \"soon\"}")
                .post("/campaigns").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("delay"));
    }

    @Test
    void lifecycleAndAccessRules() {
        given().get("/campaigns").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", MARKETER).get("/admin/watermark").then().statusCode(403);
        String id = given().header("Authorization", MARKETER).contentType(ContentType.JSON)
                .body(Map.of("name", "Default", "delay", "PT24H",
                        "freeShipping", Map.of("threshold", 75, "currency", "USD"), "recommendations", 3))
                .queryParam("activate", true).post("/campaigns").then().statusCode(201)
                .body("status", equalTo("active")).body("spec.delay", equalTo("PT24H")).extract().path("id");
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("status", "paused"))
                .post("/campaigns/" + id + "/status").then().statusCode(200).body("status", equalTo("paused"));
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("status", "draft"))
                .post("/campaigns/" + id + "/status").then().statusCode(409);
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("status", "archived"))
                .post("/campaigns/" + id + "/status").then().statusCode(200);
        given().header("Authorization", MARKETER).get("/campaigns?status=archived").then().statusCode(200)
                .body("id", hasItem(id));
        given().header("Authorization", MARKETER).delete("/campaigns/" + id).then().statusCode(204);
        given().header("Authorization", MARKETER).get("/campaigns/" + id).then().statusCode(404);
    }

    @Test
    void previewRendersForAProfileWithoutSendingAndTestSendGoesToTheGivenAddress() {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        given().header("Authorization", MARKETER).contentType(ContentType.JSON)
                .body(Map.of("step", 0, "profileId", s.profileId())).post("/campaigns/" + campaign + "/preview")
                .then().statusCode(200).body("html", containsString("Organic Tee"))
                .body("html", containsString("$15.00"));
        assertTrue(mailbox.getMailsSentTo(s.email()) == null || mailbox.getMailsSentTo(s.email()).isEmpty());
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of())
                .post("/campaigns/" + campaign + "/preview").then().statusCode(200)
                .body("html", containsString("Sample T-shirt"));
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("to", "not-an-address"))
                .post("/campaigns/" + campaign + "/test-send").then().statusCode(400)
                .body("errors.field", hasItem("to"));
        String to = unique("marketer") + "@example.org";
        given().header("Authorization", MARKETER).contentType(ContentType.JSON).body(Map.of("to", to))
                .post("/campaigns/" + campaign + "/test-send").then().statusCode(202);
        assertEquals(1, mailbox.getMailsSentTo(to).size());
        assertTrue(mailbox.getMailsSentTo(to).get(0).getSubject().startsWith("[TEST] "));
        assertFalse(count(campaign, "steps[0].mailed.sent") > 0);
    }
}
