package io.cartback.campaign.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.ProductLine;
import io.cartback.contracts.Topics;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.devinfra.SmtpSink;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
@TestProfile(SmtpProfile.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "campaign"))
class SmtpDeliveryTest extends CampaignTestSupport {
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

    private String abandonCart(String reason, String campaign, Instant t, String anon, String email) {
        String profileId = unique("prof");
        List<ProductLine> cart = List.of(product("tee", "Organic Tee", "80.00", 1),
                product("hat", "قبعة صوفية", "12.50", 2));
        send(Topics.PROFILES, profileId, profile(profileId, 1, email, anon, cart, t, false));
        awaitRow("select 1 from profile where profile_id = $1", profileId);
        String cartId = unique("cart");
        send(Topics.CHECKOUTS_ABANDONED, anon, abandonment(unique("ab"), anon, cartId, reason, cart, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.triggered") >= 1);
        return cartId;
    }

    private static List<MimeMessage> to(String email) throws Exception {
        List<MimeMessage> out = new java.util.ArrayList<>();
        for (MimeMessage m : SmtpProfile.sink.received()) {
            if (((InternetAddress) m.getAllRecipients()[0]).getAddress().equals(email)) {
                out.add(m);
            }
        }
        return out;
    }

    @Test
    void emailThroughARealSmtpServerIsAWellFormedMultipartMessage() throws Exception {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        String anon = unique("anon");
        String email = anon + "@example.org";
        abandonCart(reason, campaign, t, anon, email);
        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(30)).until(() -> to(email).size() == 1);

        MimeMessage m = to(email).get(0);
        assertEquals("Ada, you left something in your cart", m.getSubject());
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertEquals("shop@example.com", from.getAddress());
        assertEquals("Example Shop", from.getPersonal());
        String listUnsubscribe = m.getHeader("List-Unsubscribe", null);
        assertNotNull(listUnsubscribe);
        assertTrue(listUnsubscribe.matches("<http://localhost:8084/u/\\d+\\.\\d+\\.[A-Za-z0-9_-]+>"), listUnsubscribe);
        assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post", null));

        String text = part(m, "text/plain");
        String html = part(m, "text/html");
        assertNotNull(text, "plain-text part");
        assertNotNull(html, "html part");
        // names are isolated (U+2068 ... U+2069) so an RTL name cannot reorder the price after it
        assertTrue(text.contains("2 x \u2068قبعة صوفية\u2069: $25.00"), text);
        assertTrue(html.contains("<bdi>قبعة صوفية</bdi>"), html);
        assertTrue(html.contains("Your order ships free"), "105 USD is above the 75 USD threshold: " + html);
        assertTrue(!html.contains("You might also like"), "no recommendations once free shipping is reached");
        // the SMTP server has the message a moment before the send is committed as sent
        await().atMost(Duration.ofSeconds(30)).until(() -> count(campaign, "steps[0].mailed.sent") == 1);
    }

    @Test
    void smtpOutageIsRetriedWithBackoffAndTheEmailIsNotLost() throws Exception {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        String anon = unique("anon");
        String email = anon + "@example.org";
        String cartId = abandonCart(reason, campaign, t, anon, email);
        int port = SmtpProfile.port;
        SmtpProfile.sink.close();
        try {
            advanceWatermark(t.plus(Duration.ofHours(1)));
            await().atMost(Duration.ofSeconds(30)).until(() -> !rows(
                    "select 1 from send where cart_key = $1 and state = 'PENDING' and attempts >= 1 and last_error is not null",
                    "cart:" + cartId).isEmpty());
        } finally {
            SmtpProfile.sink = SmtpSink.start(port);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> to(email).size() == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count(campaign, "steps[0].mailed.sent") == 1);
        assertEquals(1, to(email).size());
    }

    private static String part(Part p, String type) throws Exception {
        if (p.isMimeType(type)) {
            return (String) p.getContent();
        }
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                String found = part(mp.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
