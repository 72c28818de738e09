package io.cartback.importer.ga;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.cartback.importer.SegmentCall;
import io.cartback.importer.SegmentJson;

class GaEventMapperTest {

    private static final String S = "111_1470000000";
    /** printf '111_1470000000' | sha256sum | cut -c1-20 */
    private static final String S_REF = "309a1b40b867c5eaf82d";
    private static final String V = "0111";

    /** One CSV line; session S and visitor V unless the test needs others. */
    private static String row(int second, String type, int hit, Integer index, String sku, String name, String price,
            String qty, String tid, String revenue, String path) {
        return row(S, V, second, type, hit, index, sku, name, price, qty, tid, revenue, path);
    }

    private static String row(String session, String visitor, int second, String type, int hit, Integer index,
            String sku, String name, String price, String qty, String tid, String revenue, String path) {
        return String.join(",", "2016-08-01 10:%02d:%02d.000".formatted(second / 60, second % 60), type, session,
                visitor, "1", String.valueOf(hit), index == null ? "" : index.toString(), nz(sku), nz(name),
                "(not set)", nz(price), nz(qty), nz(tid), nz(revenue), path, "mobile", "Kenya", "Organic Search");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String page(int second, int hit, String path) {
        return row(second, "page_view", hit, null, null, null, null, null, null, null, path);
    }

    /** Maps rows the way the importer does: a first pass for the order book, then hit by hit. */
    private static Run run(String... lines) {
        List<GaRow> rows = GaTestData.csv(lines);
        GaOrderBook book = new GaOrderBook();
        new GaHits(rows.iterator()).forEachRemaining(book::add);
        GaEventMapper mapper = new GaEventMapper(book);
        List<SegmentCall> calls = new ArrayList<>();
        new GaHits(rows.iterator()).forEachRemaining(h -> calls.addAll(mapper.map(h)));
        return new Run(calls, mapper.stats());
    }

    record Run(List<SegmentCall> calls, ImportStats stats) {
        List<SegmentCall> events(String name) {
            return calls.stream().filter(c -> name.equals(c.event()) || name.equals(c.type()))
                    .collect(Collectors.toList());
        }

        SegmentCall only(String name) {
            List<SegmentCall> found = events(name);
            assertEquals(1, found.size(), name + " in " + names());
            return found.get(0);
        }

        List<String> names() {
            return calls.stream().map(c -> c.event() != null ? c.event() : c.type()).collect(Collectors.toList());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> products(SegmentCall call) {
        return (List<Map<String, Object>>) call.properties().get("products");
    }

    @Test
    void pageViewBecomesAPageCallWithDeviceChannelAndCountryContext() {
        Run run = run(page(0, 1, "/home"));
        SegmentCall page = run.only("page");
        assertEquals(V, page.anonymousId());
        assertNull(page.userId());
        assertEquals(Instant.parse("2016-08-01T10:00:00Z"), page.timestamp());
        assertEquals("/home", page.properties().get("path"));
        assertEquals(Map.of("type", "mobile"), page.context().get("device"));
        assertEquals(Map.of("source", "Organic Search"), page.context().get("campaign"));
        assertEquals(Map.of("country", "Kenya"), page.context().get("location"));
        assertEquals("ga-" + S_REF + "-1-page", page.messageId());
    }

    @Test
    void productDetailAndListClickBecomeProductViewedAndProductClicked() {
        Run run = run(
                row(0, "product_list_click", 1, 1, "SKU1", "Mug", "8.99", null, null, null, "/drinkware"),
                row(1, "product_view", 2, 1, "SKU1", "Mug", "8.99", null, null, null, "/drinkware/quickview"));
        assertEquals(List.of("Product Clicked", "Product Viewed"), run.names());
        SegmentCall viewed = run.only("Product Viewed");
        assertEquals("SKU1", viewed.properties().get("product_id"));
        assertEquals("Mug", viewed.properties().get("name"));
        assertEquals(new BigDecimal("8.99"), viewed.properties().get("price"));
        assertFalse(viewed.properties().containsKey("category"), "(not set) is no category");
        assertEquals("ga-" + S_REF + "-2-p1", viewed.messageId());
    }

    @Test
    void basketPageShowsTheCartBuiltFromAddsAndRemoves() {
        Run run = run(
                row(0, "add_to_cart", 1, 1, "SKU1", "Mug", "8.99", "2", null, null, "/drinkware"),
                row(1, "add_to_cart", 2, 1, "SKU2", "Tee", "16.99", "1", null, null, "/apparel"),
                row(2, "remove_from_cart", 3, 1, "SKU1", "Mug", "8.99", "1", null, null, "/basket.html"),
                page(3, 4, "/basket.html"));
        assertEquals(List.of("Product Added", "Product Added", "Product Removed", "page", "Cart Viewed"),
                run.names());
        List<Map<String, Object>> cart = products(run.only("Cart Viewed"));
        assertEquals(2, cart.size());
        assertEquals("SKU1", cart.get(0).get("sku"));
        assertEquals(1L, cart.get(0).get("quantity"));
        assertEquals("SKU2", cart.get(1).get("sku"));
    }

    @Test
    void removeNamingAVariantSkuIsMatchedToTheAddedProductByName() {
        Run run = run(
                row(0, "add_to_cart", 1, 1, "GGOEGDHC018299", "Tee", "16.99", "1", null, null, "/apparel"),
                row(1, "remove_from_cart", 2, 1, "GGOEGDHC018299-M", "Tee", "16.99", "1", null, null, "/basket.html"),
                page(2, 3, "/basket.html"));
        SegmentCall removed = run.only("Product Removed");
        assertEquals("GGOEGDHC018299", removed.properties().get("product_id"));
        assertEquals("GGOEGDHC018299-M", removed.properties().get("variant"));
        assertEquals(1, run.stats().removesMatchedByName());
        assertTrue(products(run.only("Cart Viewed")).isEmpty());
    }

    @Test
    void removeOfAProductNotInTheTrackedCartIsSentAsLoggedAndCounted() {
        Run run = run(row(0, "remove_from_cart", 1, 1, "SKU9", "Bag", "3.99", "1", null, null, "/basket.html"));
        assertEquals("SKU9", run.only("Product Removed").properties().get("product_id"));
        assertEquals(1, run.stats().removesUnmatched());
    }

    @Test
    void absurdQuantityBecomesOneAndIsCounted() {
        Run run = run(row(0, "add_to_cart", 1, 1, "SKU1", "Mug", "8.99", "10000000000000000", null, null, "/x"),
                page(1, 2, "/basket.html"));
        assertEquals(1L, run.only("Product Added").properties().get("quantity"));
        assertEquals(1L, products(run.only("Cart Viewed")).get(0).get("quantity"));
        assertEquals(1, run.stats().absurdQuantities());
    }

    @Test
    void zeroPriceTakesTheSkusLastSeenUnitPriceOrIsLeftOut() {
        Run run = run(
                row(0, "product_view", 1, 1, "SKU1", "Mug", "8.99", null, null, null, "/x"),
                row(1, "add_to_cart", 2, 1, "SKU1", "Mug", "0", "1", null, null, "/x"),
                row(2, "add_to_cart", 3, 1, "SKU2", "Pen", "0", "1", null, null, "/x"));
        List<SegmentCall> added = run.events("Product Added");
        assertEquals(new BigDecimal("8.99"), added.get(0).properties().get("price"));
        assertFalse(added.get(1).properties().containsKey("price"));
        assertEquals(1, run.stats().zeroPricesRepriced());
        assertEquals(1, run.stats().zeroPricesUnknown());
    }

    @Test
    void firstCheckoutHitStartsCheckoutOnceWithTheCartAndUnitPricesInsteadOfLineTotals() {
        Run run = run(
                row(0, "add_to_cart", 1, 1, "SKU1", "Tee", "16.99", "15", null, null, "/apparel"),
                row(10, "checkout", 2, 1, "SKU1", "Tee", "254.85", "15", null, null, "/yourinfo.html"),
                row(10, "checkout", 2, 2, "SKU2", "Speaker", "104.97", "3", null, null, "/yourinfo.html"),
                row(20, "checkout", 3, 1, "SKU1", "Tee", "254.85", null, null, null, "/payment.html"),
                row(20, "checkout", 3, 2, "SKU2", "Speaker", "104.97", null, null, null, "/payment.html"),
                row(30, "checkout", 4, 1, "SKU1", "Tee", "254.85", null, null, null, "/payment.html"),
                row(30, "checkout", 4, 2, "SKU2", "Speaker", "104.97", null, null, null, "/payment.html"));
        assertEquals(List.of("Product Added",
                "Checkout Started", "Checkout Step Viewed", "identify",
                "Checkout Step Viewed", "Payment Info Entered",
                "Checkout Step Viewed"), run.names());
        SegmentCall started = run.only("Checkout Started");
        assertEquals(S_REF, started.properties().get("checkout_id"));
        List<Map<String, Object>> lines = products(started);
        assertEquals(2, lines.size(), "one call with the hit's products");
        assertEquals(new BigDecimal("16.99"), lines.get(0).get("price"), "line total replaced by the unit price");
        assertEquals(15L, lines.get(0).get("quantity"));
        assertEquals(new BigDecimal("34.99"), lines.get(1).get("price"), "never-priced SKU: line total / quantity");
        assertEquals(new BigDecimal("359.82"), started.properties().get("value"));
        List<SegmentCall> steps = run.events("Checkout Step Viewed");
        assertEquals(2, steps.get(0).properties().get("step"));
        assertEquals("shipping", steps.get(0).properties().get("step_name"));
        assertEquals(3, steps.get(1).properties().get("step"));
        assertEquals("payment", steps.get(1).properties().get("step_name"));
        assertEquals(3, run.only("Payment Info Entered").properties().get("step"));
        ImportStats stats = run.stats();
        assertEquals(3, stats.checkoutPricesReplaced(), "SKU1's logged 254.85 replaced on each of 3 hits");
        assertEquals(1, stats.checkoutLineTotalsDivided());
        assertEquals(2, stats.checkoutCartRepeats(), "hits 3 and 4 repeat the cart of hit 2");
        assertEquals(4, stats.checkoutQuantitiesFromCart(), "quantities of hits 3 and 4 come from the cart");
        List<Map<String, Object>> none = products(run.only("Checkout Started"));
        assertEquals(2, none.size());
    }

    @Test
    void yourInfoStepSendsOneIdentifyPerVisitorWithAGeneratedReservedDomainAddress() {
        Run run = run(
                page(0, 1, "/yourinfo.html"),
                page(1, 2, "/yourinfo.html"),
                row("222_1", "0222", 2, "page_view", 1, null, null, null, null, null, null, null, "/yourinfo.html"));
        List<SegmentCall> identifies = run.events("identify");
        assertEquals(2, identifies.size());
        assertEquals("v0111@example.com", identifies.get(0).traits().get("email"));
        assertEquals(V, identifies.get(0).anonymousId());
        assertEquals("v0222@example.com", identifies.get(1).traits().get("email"));
        assertEquals(2, run.stats().generatedEmails());
    }

    @Test
    void accountPagesAreTheAccountStepAndStartCheckoutOnlyWhenTheCartHoldsItems() {
        Run emptyCart = run(page(0, 1, "/signin.html"));
        assertEquals(List.of("page", "Checkout Step Viewed"), emptyCart.names());
        assertEquals("account", emptyCart.only("Checkout Step Viewed").properties().get("step_name"));
        assertEquals(1, emptyCart.only("Checkout Step Viewed").properties().get("step"));

        Run withCart = run(
                row(0, "add_to_cart", 1, 1, "SKU1", "Mug", "8.99", "1", null, null, "/x"),
                page(1, 2, "/basket.html"),
                page(2, 3, "/register.html"),
                page(3, 4, "/guestregister.html"));
        assertEquals(List.of("Product Added", "page", "Cart Viewed", "page", "Checkout Started",
                "Checkout Step Viewed", "page", "Checkout Step Viewed"), withCart.names());
    }

    @Test
    void reviewPageIsStepFour() {
        Run run = run(page(0, 1, "/revieworder.html"));
        assertEquals(4, run.only("Checkout Step Viewed").properties().get("step"));
        assertEquals("review", run.only("Checkout Step Viewed").properties().get("step_name"));
    }

    @Test
    void anOrderLoggedOnSeveralHitsIsOneOrderCompletedWithTheLargestRevenueAndEmptiesTheCart() {
        Run run = run(
                row(0, "add_to_cart", 1, 1, "SKU1", "Mug", "8.99", "1", null, null, "/x"),
                row(10, "purchase", 2, 1, "SKU1", "Mug", "8.99", null, "ORD1", null, "/ordercompleted.html"),
                row(11, "purchase", 3, 1, "SKU1", "Mug", "8.99", "2", "ORD1", "12.99", "/ordercompleted.html"),
                row(12, "purchase", 4, 1, "SKU1", "Mug", "8.99", "2", "ORD1", "21.98", "/ordercompleted.html"),
                page(13, 5, "/basket.html"));
        SegmentCall order = run.only("Order Completed");
        assertEquals("ORD1", order.properties().get("order_id"));
        assertEquals(new BigDecimal("21.98"), order.properties().get("revenue"));
        assertEquals("USD", order.properties().get("currency"));
        assertEquals(Instant.parse("2016-08-01T10:00:10Z"), order.timestamp(), "at the order's first hit");
        assertEquals(2L, products(order).get(0).get("quantity"), "quantities from the hit that logged them");
        assertEquals(2, run.stats().duplicatePurchaseHits());
        assertTrue(products(run.only("Cart Viewed")).isEmpty(), "the order emptied the cart");
    }

    @Test
    void anOrderWithoutLoggedRevenueIsSentWithoutRevenueAndCounted() {
        Run run = run(row(0, "purchase", 1, 1, "SKU1", "Mug", "8.99", null, "ORD2", null, "/ordercompleted.html"));
        SegmentCall order = run.only("Order Completed");
        assertFalse(order.properties().containsKey("revenue"));
        assertEquals(1L, products(order).get(0).get("quantity"));
        assertEquals(1, run.stats().ordersWithoutRevenue());
        assertEquals(1, run.stats().purchaseQuantitiesAssumed());
    }

    @Test
    void checkoutStartsAgainInTheSameSessionAfterAnOrder() {
        Run run = run(
                row(0, "checkout", 1, 1, "SKU1", "Mug", "8.99", "1", null, null, "/yourinfo.html"),
                row(1, "purchase", 2, 1, "SKU1", "Mug", "8.99", "1", "ORD1", "12.99", "/ordercompleted.html"),
                row(2, "checkout", 3, 1, "SKU2", "Pen", "1.99", "1", null, null, "/payment.html"));
        assertEquals(2, run.events("Checkout Started").size());
        assertEquals(1, run.events("Payment Info Entered").size());
    }

    @Test
    void reimportingTheSameRowsGivesTheSameMessageIdsAndJson() {
        String[] lines = {
                row(0, "add_to_cart", 1, 1, "SKU1", "Mug", "8.99", "1", null, null, "/x"),
                row(10, "checkout", 2, 1, "SKU1", "Mug", "8.99", "1", null, null, "/yourinfo.html"),
                row(20, "purchase", 3, 1, "SKU1", "Mug", "8.99", "1", "ORD1", "12.99", "/ordercompleted.html")};
        List<String> first = run(lines).calls().stream().map(SegmentJson::write).collect(Collectors.toList());
        List<String> second = run(lines).calls().stream().map(SegmentJson::write).collect(Collectors.toList());
        assertEquals(first, second);
        assertEquals(first.size(), run(lines).calls().stream().map(SegmentCall::messageId).distinct().count());
        assertTrue(first.get(0).contains("\"timestamp\":\"2016-08-01T10:00:00Z\""), first.get(0));
        assertFalse(first.get(0).contains("sentAt"), "no sentAt: ingest must keep the event time");
    }
}
