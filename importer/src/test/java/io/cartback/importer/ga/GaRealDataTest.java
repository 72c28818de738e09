package io.cartback.importer.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cartback.importer.SegmentCall;
import io.cartback.importer.SegmentJson;

/** The mapper and the oracle on the real Google Merchandise Store rows (read from ../shared/data, not copied). */
class GaRealDataTest {

    private static List<GaRow> window(GaWindow window) throws IOException {
        try (GaCsvReader reader = GaCsvReader.open(GaTestData.file())) {
            List<GaRow> rows = new ArrayList<>();
            window.filter(reader).forEachRemaining(rows::add);
            return rows;
        }
    }

    @Test
    void theOracleReproducesTheDataReadmesFiguresForTheWholeFile() throws IOException {
        GaFacts facts;
        try (GaCsvReader reader = GaCsvReader.open(GaTestData.file())) {
            facts = GaFacts.of(reader);
        }
        assertEquals(1_287_852, facts.rows());
        assertEquals(243_020, facts.sessions());
        assertEquals(199_662, facts.visitors());
        assertEquals(Instant.parse("2016-08-01T07:00:12Z"), facts.firstEvent());
        assertEquals(Instant.parse("2016-11-01T06:59:56.014Z"), facts.lastEvent());
        assertEquals(2_887, facts.orders());
        assertEquals(0, new BigDecimal("416770.54").compareTo(facts.revenue()), facts.revenue().toPlainString());
        assertEquals(Map.of("page_view", 867_111L, "product_list_click", 156_798L, "product_view", 128_769L,
                "checkout", 74_853L, "add_to_cart", 36_078L, "purchase", 19_598L, "remove_from_cart", 4_645L),
                facts.rowsByEventType());
        assertEquals(13_704, facts.sessionsWithAddToCart());
        assertEquals(11_053, facts.sessionsWithAddToCartAndNoPurchase());
        assertEquals(2_886, facts.sessionsWithPurchase());
        assertEquals(2_612, facts.sessionsWithCheckoutRowsAndNoPurchase());
        assertEquals(37_236, facts.sessionsWithProductView());
        assertEquals(5_497, facts.sessionsWithCheckoutRows());
        assertEquals(facts.visitorsOnYourInfoPage(), facts.visitorsReachingCheckoutPage().get("/yourinfo.html"));
    }

    @Test
    void theFirstStoreDayMapsToCallsThatAgreeWithTheOracle() throws IOException {
        GaWindow day = GaWindow.days(LocalDate.of(2016, 8, 1), LocalDate.of(2016, 8, 1), GaWindow.STORE_ZONE);
        assertEquals(Instant.parse("2016-08-01T07:00:00Z"), day.start());
        List<GaRow> rows = window(day);
        GaFacts facts = GaFacts.of(rows.iterator());
        assertTrue(facts.orders() > 10, "the first day has orders: " + facts.orders());

        GaOrderBook book = new GaOrderBook();
        new GaHits(rows.iterator()).forEachRemaining(book::add);
        GaEventMapper mapper = new GaEventMapper(book);
        List<SegmentCall> calls = new ArrayList<>();
        new GaHits(rows.iterator()).forEachRemaining(h -> calls.addAll(mapper.map(h)));
        ImportStats stats = mapper.stats();

        assertEquals(facts.rows(), stats.rows());
        Map<String, Long> byEvent = stats.callsByEvent();
        Map<String, Long> byType = facts.rowsByEventType();
        assertEquals(byType.get("page_view"), byEvent.get("page"));
        assertEquals(byType.get("product_view"), byEvent.get("Product Viewed"));
        assertEquals(byType.get("product_list_click"), byEvent.get("Product Clicked"));
        assertEquals(byType.get("add_to_cart"), byEvent.get("Product Added"));
        assertEquals(byType.get("remove_from_cart"), byEvent.get("Product Removed"));
        assertEquals(facts.orders(), byEvent.get("Order Completed"));
        assertEquals(facts.visitorsOnYourInfoPage(), byEvent.get("identify"));
        assertEquals(facts.visitorsOnYourInfoPage(), stats.generatedEmails());

        BigDecimal revenue = BigDecimal.ZERO;
        Set<String> ids = new HashSet<>();
        Set<String> checkoutStartedSessions = new HashSet<>();
        Instant previous = Instant.MIN;
        for (SegmentCall call : calls) {
            assertTrue(ids.add(call.messageId()), "duplicate messageId " + call.messageId());
            // GDPR: the visitor id (the shopper's anonymousId) is in no id a service keeps after an erasure
            String visitor = call.anonymousId() != null ? call.anonymousId() : call.userId();
            assertFalse(call.messageId().contains(visitor), "messageId embeds the visitor id: " + call.messageId());
            Object checkoutId = call.properties() == null ? null : call.properties().get("checkout_id");
            assertFalse(checkoutId != null && checkoutId.toString().contains(visitor), "checkout_id embeds it");
            assertFalse(call.timestamp().isBefore(previous), "event-time order at " + call.messageId());
            previous = call.timestamp();
            assertTrue(SegmentJson.bytes(call).length < 32 * 1024, "over Segment's 32 KB: " + call.messageId());
            if ("Order Completed".equals(call.event()) && call.properties().get("revenue") != null) {
                revenue = revenue.add((BigDecimal) call.properties().get("revenue"));
            }
            if ("Checkout Started".equals(call.event())) {
                checkoutStartedSessions.add((String) call.properties().get("checkout_id"));
            }
        }
        assertEquals(0, facts.revenue().compareTo(revenue), facts.revenue() + " vs " + revenue);
        assertEquals(facts.ordersWithRevenue() - facts.orders(), -stats.ordersWithoutRevenue());
        assertTrue(checkoutStartedSessions.size() >= facts.sessionsWithCheckoutRows(),
                "every session with checkout rows starts a checkout");
        assertTrue(stats.duplicatePurchaseHits() >= facts.orders() - 1, "GA logs orders twice");
        assertTrue(stats.checkoutCartRepeats() > 0);
    }

    @Test
    void theDefaultWindowIsTheFirstFourteenStoreDays() {
        GaWindow w = GaWindow.firstDays(Instant.parse("2016-08-01T07:00:12Z"), GaWindow.DEFAULT_DAYS,
                GaWindow.STORE_ZONE);
        assertEquals(Instant.parse("2016-08-01T07:00:00Z"), w.start());
        assertEquals(Instant.parse("2016-08-15T07:00:00Z"), w.end());
    }
}
