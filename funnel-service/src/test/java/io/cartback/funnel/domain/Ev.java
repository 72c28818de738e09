package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helper: builds shopper events the way the Kafka consumer would. */
final class Ev {
    private static final AtomicInteger SEQ = new AtomicInteger();

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static ShopperEvent track(String shopper, String at, String name) {
        return event(shopper, at, name, null, null);
    }

    static ShopperEvent step(String shopper, String at, String stepName) {
        return event(shopper, at, "Checkout Step Viewed", stepName, null);
    }

    static ShopperEvent step(String shopper, String at, String stepName, String shipping, String tax) {
        CartData c = new CartData(null, "co1", null, stepName, null, null, null, null, null,
                tax == null ? null : new BigDecimal(tax), shipping == null ? null : new BigDecimal(shipping), null,
                "USD", List.of());
        return event(shopper, at, "Checkout Step Viewed", stepName, c);
    }

    static ShopperEvent add(String shopper, String at, String sku, String price, long qty) {
        CartData c = new CartData(null, null, null, null, null, null, null, null, null, null, null, null, "USD",
                List.of(new Line(sku, sku, "Product " + sku, null, new BigDecimal(price), qty)));
        return event(shopper, at, "Product Added", null, c);
    }

    static ShopperEvent remove(String shopper, String at, String sku, String name, long qty) {
        CartData c = new CartData(null, null, null, null, null, null, null, null, null, null, null, null, "USD",
                List.of(new Line(sku, sku, name, null, null, qty)));
        return event(shopper, at, "Product Removed", null, c);
    }

    static ShopperEvent order(String shopper, String at, String orderId, String revenue) {
        CartData c = new CartData(null, null, orderId, null, null, null, new BigDecimal(revenue), null, null, null,
                null, null, "USD", List.of());
        return event(shopper, at, "Order Completed", null, c);
    }

    static ShopperEvent page(String shopper, String at) {
        return new ShopperEvent("m" + SEQ.incrementAndGet(), shopper, t(at), "page", "page", null, shopper,
                "desktop", "Direct", Map.of(), null);
    }

    static ShopperEvent event(String shopper, String at, String name, String stepName, CartData cart) {
        Map<String, String> props = new HashMap<>();
        if (stepName != null) {
            props.put("step_name", stepName);
        }
        return new ShopperEvent("m" + SEQ.incrementAndGet(), shopper, t(at), "track", name, null, shopper,
                "desktop", "Direct", props, cart);
    }

    static ShopperEvent withId(ShopperEvent e, String id) {
        return new ShopperEvent(id, e.shopperKey(), e.at(), e.type(), e.name(), e.userId(), e.anonymousId(),
                e.device(), e.channel(), e.props(), e.cart());
    }

    static ShopperEvent known(ShopperEvent e, String userId) {
        return new ShopperEvent(e.messageId(), e.shopperKey(), e.at(), e.type(), e.name(), userId, e.anonymousId(),
                e.device(), e.channel(), e.props(), e.cart());
    }

    private Ev() {
    }
}
