package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cartback.contracts.TrackedEvent;

class CallNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-12-03T12:00:00Z");
    private final CallNormalizer normalizer = new CallNormalizer(() -> "generated-id");
    private final RequestFacts facts = new RequestFacts(RECEIVED, "src-1", "203.0.113.7", "UA/1.0", null, null);

    private static Map<String, Object> call(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private TrackedEvent accepted(Map<String, Object> call, String type) {
        CallOutcome outcome = normalizer.normalize(call, type, facts);
        return assertInstanceOf(CallOutcome.Accepted.class, outcome, () -> outcome.toString()).event();
    }

    private CallOutcome.Rejected rejected(Map<String, Object> call, String type) {
        CallOutcome outcome = normalizer.normalize(call, type, facts);
        return assertInstanceOf(CallOutcome.Rejected.class, outcome);
    }

    @Test
    void trackBecomesEventKeyedByAnonymousIdWithGeneratedMessageIdAndRequestContext() {
        TrackedEvent e = accepted(call("event", "Signed Up", "anonymousId", "a-1", "userId", "u-1"), "track");
        assertEquals("a-1", e.shopperKey());
        assertEquals("generated-id", e.messageId());
        assertEquals(RECEIVED, e.timestamp());
        assertEquals(RECEIVED, e.receivedAt());
        assertEquals("src-1", e.sourceId());
        assertEquals("203.0.113.7", e.context().get("ip"));
        assertEquals("UA/1.0", e.context().get("userAgent"));
        assertNull(e.commerce());
    }

    @Test
    void keyFallsBackToUserIdWhenNoAnonymousId() {
        assertEquals("u-9", accepted(call("event", "x", "userId", "u-9"), "track").shopperKey());
    }

    @Test
    void contextSentByTheSdkIsKeptNotOverwritten() {
        TrackedEvent e = accepted(call("event", "x", "anonymousId", "a", "context",
                call("ip", "198.51.100.1", "userAgent", "SDK")), "track");
        assertEquals("198.51.100.1", e.context().get("ip"));
        assertEquals("SDK", e.context().get("userAgent"));
    }

    @Test
    void clockSkewIsRemovedUsingSentAt() {
        // client clock is 1 hour fast: it says the event happened at 13:00 and was sent at 13:00:05
        TrackedEvent e = accepted(call("event", "x", "anonymousId", "a",
                "timestamp", "2026-12-03T13:00:00Z", "sentAt", "2026-12-03T13:00:05Z"), "track");
        assertEquals(Instant.parse("2026-12-03T11:59:55Z"), e.timestamp());
        assertEquals(Instant.parse("2026-12-03T13:00:00Z"), e.originalTimestamp(), "original kept");
    }

    @Test
    void batchLevelSentAtAppliesToItemsWithoutTheirOwn() {
        RequestFacts batch = new RequestFacts(RECEIVED, "s", null, null, "2026-12-03T12:00:10Z", null);
        CallOutcome o = normalizer.normalize(call("type", "track", "event", "x", "anonymousId", "a",
                "timestamp", "2026-12-03T12:00:00Z"), null, batch);
        assertEquals(Instant.parse("2026-12-03T11:59:50Z"),
                assertInstanceOf(CallOutcome.Accepted.class, o).event().timestamp());
    }

    @Test
    void historicalImportWithoutSentAtKeepsItsTimestamp() {
        TrackedEvent e = accepted(call("event", "x", "anonymousId", "a", "timestamp", "2016-08-01T07:00:12.000Z"), "track");
        assertEquals(Instant.parse("2016-08-01T07:00:12Z"), e.timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "undefined", "0", "", "anonymous", "-1", "  NULL ", "Undefined"})
    void junkIdsAreNotIdentities(String junk) {
        CallOutcome.Rejected r = rejected(call("event", "x", "anonymousId", junk), "track");
        assertEquals("userId", r.errors().get(0).field());
        assertTrue(r.errors().get(0).message().contains("usable userId or anonymousId"));
    }

    @Test
    void numericJunkMinusOneAndZeroAreNotIdentities() {
        rejected(call("event", "x", "userId", -1), "track");
        rejected(call("event", "x", "userId", 0), "track");
    }

    @Test
    void junkAnonymousIdIsDroppedWhenAUserIdIsThere() {
        TrackedEvent e = accepted(call("event", "x", "anonymousId", "undefined", "userId", "u1"), "track");
        assertNull(e.anonymousId());
        assertEquals("u1", e.shopperKey());
    }

    @Test
    void numericIdsBecomeText() {
        assertEquals("12345", accepted(call("event", "x", "userId", 12345), "track").userId());
    }

    @Test
    void trackWithoutEventIsRejected() {
        assertEquals("event", rejected(call("anonymousId", "a"), "track").errors().get(0).field());
        assertEquals("event", rejected(call("anonymousId", "a", "event", "  "), "track").errors().get(0).field());
    }

    @Test
    void wrongFieldTypesAreNamed() {
        CallOutcome.Rejected r = rejected(call("event", 42, "anonymousId", "a", "properties", List.of(1),
                "traits", "x", "context", true, "userId", Map.of()), "track");
        List<String> fields = r.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.containsAll(List.of("event", "properties", "traits", "context", "userId")), fields.toString());
    }

    @Test
    void batchItemNeedsAKnownType() {
        assertEquals("type", rejected(call("event", "x", "anonymousId", "a"), null).errors().get(0).field());
        assertTrue(rejected(call("type", "purchase", "anonymousId", "a"), null).errors().get(0).message()
                .contains("must be one of"));
    }

    @Test
    void aliasNeedsPreviousIdAndUserId() {
        List<String> fields = rejected(call("anonymousId", "a"), "alias").errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("previousId", "userId"), fields);
        TrackedEvent e = accepted(call("previousId", "anon-1", "userId", "u-1"), "alias");
        assertEquals("u-1", e.shopperKey());
    }

    @Test
    void groupNeedsGroupId() {
        assertEquals("groupId", rejected(call("anonymousId", "a"), "group").errors().get(0).field());
    }

    @Test
    void identifyKeepsTraitsExactlyIncludingEmojiAndRtl() {
        TrackedEvent e = accepted(call("userId", "u", "traits", call("name", "שלום 👋 مرحبا")), "identify");
        assertEquals("שלום 👋 مرحبا", e.traits().get("name"));
    }

    @Test
    void timestampsWithoutZoneOrAsNumbersAreRejected() {
        assertEquals("timestamp", rejected(call("event", "x", "anonymousId", "a", "timestamp", "2026-12-03 10:00:00"),
                "track").errors().get(0).field());
        assertEquals("timestamp", rejected(call("event", "x", "anonymousId", "a", "timestamp", 1700000000000L),
                "track").errors().get(0).field());
        assertEquals("sentAt", rejected(call("event", "x", "anonymousId", "a", "sentAt", "yesterday"),
                "track").errors().get(0).field());
    }

    @Test
    void commercePricesSentAsStringsAreNormalised() {
        Map<String, Object> props = call("product_id", "p1", "name", "Mug", "price", "19.99", "quantity", "2",
                "currency", "usd");
        TrackedEvent e = accepted(call("event", "Product Added", "anonymousId", "a", "properties", props), "track");
        assertEquals(new BigDecimal("19.99"), e.commerce().products().get(0).price());
        assertEquals(2L, e.commerce().products().get(0).quantity());
        assertEquals("USD", e.commerce().currency());
        assertEquals("19.99", e.properties().get("price"), "properties are kept exactly as sent");
    }

    @Test
    void ambiguousNumbersAreRejectedWithTheFieldNamedNeverZero() {
        Map<String, Object> products = call("product_id", "p1", "price", "19,99");
        CallOutcome.Rejected r = rejected(call("event", "Order Completed", "anonymousId", "a", "properties",
                call("revenue", "1,299.00", "products", List.of(call("product_id", "p0", "price", 5), products))), "track");
        List<String> fields = r.errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("properties.products[1].price", "properties.revenue"), fields.stream().sorted().toList());
        assertEquals("invalid_property", r.reason());
    }

    @Test
    void fractionalQuantityAndBooleanPriceAreRejected() {
        CallOutcome.Rejected r = rejected(call("event", "Product Added", "anonymousId", "a",
                "properties", call("quantity", 1.5, "price", true)), "track");
        assertEquals(2, r.errors().size());
    }

    @Test
    void checkoutStepCarriesStepAndName() {
        TrackedEvent e = accepted(call("event", "Checkout Step Viewed", "anonymousId", "a",
                "properties", call("step", 2, "step_name", "shipping", "checkout_id", "c1")), "track");
        assertEquals(2, e.commerce().step());
        assertEquals("shipping", e.commerce().stepName());
        assertEquals("c1", e.commerce().checkoutId());
    }

    @Test
    void fingerprintIgnoresDeliveryDetailsButNotContent() {
        Map<String, Object> a = call("event", "x", "anonymousId", "a", "messageId", "m1", "properties", call("k", 1, "j", 2),
                "sentAt", "2026-12-03T12:00:00Z");
        Map<String, Object> retry = new HashMap<>(a);
        retry.put("sentAt", "2026-12-03T12:00:09Z");
        retry.put("properties", call("j", 2, "k", 1));
        Map<String, Object> changed = new HashMap<>(a);
        changed.put("properties", call("k", 1, "j", 3));
        String fa = ((CallOutcome.Accepted) normalizer.normalize(a, "track", facts)).fingerprint();
        assertEquals(fa, ((CallOutcome.Accepted) normalizer.normalize(retry, "track", facts)).fingerprint());
        assertNotEquals(fa, ((CallOutcome.Accepted) normalizer.normalize(changed, "track", facts)).fingerprint());
    }
}
