package io.cartback.campaign.it;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.contracts.Topics;
import io.cartback.contracts.TrackedEvent;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What the end-to-end tests share: a plain KafkaProducer for the contract topics, the admin token, and a fresh
 * stretch of event time per test (the watermark only moves forward, so each test starts a day past it).
 */
abstract class CampaignTestSupport {
    static final String ADMIN = "Bearer test-admin-token-00000000000000";
    static final String MARKETER = "Bearer test-marketer-token-0000000000";
    private static KafkaProducer<String, String> producer;

    abstract ObjectMapper mapper();

    abstract Pool pool();

    static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            producer = new KafkaProducer<>(p);
        }
        return producer;
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    void send(String topic, String key, Object value) {
        try {
            String json = value == null ? null : mapper().writeValueAsString(value);
            producer().send(new ProducerRecord<>(topic, key, json)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An hour-aligned event time a day past the current watermark. */
    static Instant freshEventTime() {
        Instant wm = Instant.parse(given().header("Authorization", ADMIN).get("/admin/watermark").then()
                .statusCode(200).extract().path("watermark"));
        Instant base = wm.isBefore(Instant.parse("2026-01-01T00:00:00Z")) ? Instant.parse("2026-01-01T00:00:00Z") : wm;
        return base.plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    }

    static void advanceWatermark(Instant to) {
        given().header("Authorization", ADMIN).contentType(ContentType.JSON)
                .body(Map.of("eventTime", to.toString())).post("/admin/watermark").then().statusCode(200);
    }

    /** Creates and activates a campaign that only enrols abandonments with the given (unique) reason. */
    static String activeCampaign(String reason, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of(
                "name", "Test " + reason,
                "trigger", Map.of("reasons", List.of(reason)),
                "freeShipping", Map.of("threshold", 75, "currency", "USD"),
                "recommendations", 3,
                "sender", Map.of("address", "shop@example.com", "name", "Example Shop")));
        if (!extra.containsKey("steps")) {
            body.put("delay", "PT1H");
        }
        body.putAll(extra);
        return given().header("Authorization", ADMIN).contentType(ContentType.JSON).body(body)
                .queryParam("activate", true).post("/campaigns").then().statusCode(201).extract().path("id");
    }

    record Shopper(String anon, String email, String profileId, String cartId, List<ProductLine> cart) {
    }

    /** A known shopper with a 60 USD cart (15 USD short of free shipping) and a stored profile. */
    Shopper shopperWithCart(Instant lastActivity) {
        String anon = unique("anon");
        String email = anon + "@example.org";
        String profileId = unique("prof");
        List<ProductLine> cart = List.of(product("tee", "Organic Tee", "20.00", 2),
                product("cap", "כובע צמר", "20.00", 1));
        send(Topics.PROFILES, profileId, profile(profileId, 1, email, anon, cart, lastActivity, false));
        awaitRow("select 1 from profile where profile_id = $1", profileId);
        return new Shopper(anon, email, profileId, unique("cart"), cart);
    }

    void abandon(Shopper s, String reason, Instant lastActivity, String campaignId, int expectedEnrolled) {
        send(Topics.CHECKOUTS_ABANDONED, s.anon(),
                abandonment(unique("ab"), s.anon(), s.cartId(), reason, s.cart(), lastActivity));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(campaignId, "steps[0].mailed.triggered")
                        + count(campaignId, "steps[0].holdout.triggered") >= expectedEnrolled);
    }

    /** One email really sent for an abandoned cart, and its tracked links (paths on this service). */
    record Mailed(String campaign, Shopper shopper, String html, String pixel, String click, String unsubscribe) {
    }

    /** Runs one abandoned cart through an active campaign until its email is in the mock mailbox. */
    Mailed oneMailedCart(io.quarkus.mailer.MockMailbox mailbox) {
        String reason = unique("r");
        String campaign = activeCampaign(reason, Map.of());
        Instant t = freshEventTime();
        Shopper s = shopperWithCart(t);
        abandon(s, reason, t, campaign, 1);
        advanceWatermark(t.plus(Duration.ofHours(1)));
        await().atMost(Duration.ofSeconds(20)).until(() -> mailbox.getMailsSentTo(s.email()) != null
                && !mailbox.getMailsSentTo(s.email()).isEmpty());
        String html = mailbox.getMailsSentTo(s.email()).get(0).getHtml();
        return new Mailed(campaign, s, html, first(html, "src=\"http://localhost:8084(/t/o/[^\"]+)\""),
                first(html, "href=\"http://localhost:8084(/t/c/[^\"]+)\"").replace("&amp;", "&"),
                first(html, "href=\"http://localhost:8084(/u/[^\"]+)\""));
    }

    /** The first group of {@code regex} in {@code text}. */
    static String first(String text, String regex) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new AssertionError(regex + " not in " + text);
        }
        return m.group(1);
    }

    static JsonPath report(String campaignId) {
        return given().header("Authorization", ADMIN).get("/campaigns/" + campaignId + "/report").then()
                .statusCode(200).extract().jsonPath();
    }

    /** A count from the campaign report; absent counters (no suppression of that reason yet) are 0. */
    static int count(String campaignId, String path) {
        Object v = report(campaignId).get(path);
        return v == null ? 0 : ((Number) v).intValue();
    }

    static ProductLine product(String id, String name, String price, long qty) {
        return new ProductLine(id, "SKU-" + id, name, "Apparel", "Brand", null, new BigDecimal(price), qty,
                "https://shop.example.com/p/" + id, "https://cdn.example.com/i/" + id + ".jpg");
    }

    ProfileSnapshot profile(String profileId, long version, String email, String anonymousId, List<ProductLine> cart,
            Instant cartUpdatedAt, boolean unsubscribed) {
        return new ProfileSnapshot(profileId, version, cartUpdatedAt, email, List.of(), List.of(anonymousId),
                Map.of("firstName", "Ada"), new ProfileSnapshot.Consent(null, null, null, unsubscribed), cart, "USD",
                cartUpdatedAt,
                List.of(new ProfileSnapshot.ViewedProduct("rec-1", "SKU-rec-1", "Wool Beanie", "Hats",
                        new BigDecimal("18.00"), "USD", "https://shop.example.com/p/rec-1", null, cartUpdatedAt),
                        new ProfileSnapshot.ViewedProduct("rec-2", "SKU-rec-2", "Socks", "Socks",
                                new BigDecimal("5.00"), "USD", "https://shop.example.com/p/rec-2", null, cartUpdatedAt)),
                new ProfileSnapshot.Facts(cartUpdatedAt, cartUpdatedAt, 0, BigDecimal.ZERO, null, List.of(), "desktop",
                        "direct", "UTC", "en-US"));
    }

    static CheckoutAbandoned abandonment(String abandonmentId, String anonymousId, String cartId, String reason,
            List<ProductLine> lines, Instant lastActivity) {
        return new CheckoutAbandoned(abandonmentId, anonymousId, anonymousId, null, cartId, null, "cart", reason,
                List.of("added to cart"), new BigDecimal("60.00"), "USD", lines, lastActivity,
                lastActivity.plus(Duration.ofMinutes(30)));
    }

    static TrackedEvent track(String messageId, String event, String anonymousId, Instant at, Commerce commerce,
            Map<String, Object> properties) {
        return new TrackedEvent(messageId, "track", event, null, null, anonymousId, null, null, anonymousId, at, at,
                null, at, "test-source", commerce, properties, null, Map.of());
    }

    /** Waits until the service has stored what a test published (consumers run on their own). */
    void awaitRow(String sql, Object... args) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            var rows = pool().preparedQuery(sql).execute(Tuple.from(List.of(args))).await().indefinitely();
            return rows.rowCount() > 0;
        });
    }

    List<Row> rows(String sql, Object... args) {
        List<Row> out = new ArrayList<>();
        pool().preparedQuery(sql).execute(Tuple.from(List.of(args))).await().indefinitely().forEach(out::add);
        return out;
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Reads cdp.events.v1 from the beginning until an event with the messageId shows up. */
    static Map<String, Object> awaitEvent(ObjectMapper mapper, String messageId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.EVENTS));
            long until = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.value().contains("\"" + messageId + "\"")) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> m = mapper.readValue(r.value(), Map.class);
                        m.put("_key", r.key());
                        return m;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        throw new AssertionError("no event " + messageId + " on " + Topics.EVENTS);
    }
}
