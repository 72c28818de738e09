package io.cartback.funnel.messaging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.TrackedEvent;
import io.cartback.funnel.domain.CartData;
import io.cartback.funnel.domain.Line;
import io.cartback.funnel.domain.ShopperEvent;

/**
 * Reads a {@link TrackedEvent} as a {@link ShopperEvent}: the track event name (or the call type for page,
 * identify, ...), scalar properties for step filters (plus {@code step_name}/{@code step} from the typed commerce
 * data, which win), device type from {@code context.device.type}, channel from {@code context.campaign.source}
 * (UTM source), else {@code context.campaign.medium}, else {@code context.channel}.
 */
public final class EventMapping {
    private EventMapping() {
    }

    public static ShopperEvent toShopperEvent(TrackedEvent e) {
        String key = e.shopperKey() != null ? e.shopperKey() : e.anonymousId() != null ? e.anonymousId() : e.userId();
        String name = "track".equals(e.type()) ? e.event() : e.type();
        Map<String, String> props = new HashMap<>();
        if (e.properties() != null) {
            e.properties().forEach((k, v) -> {
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    props.put(k, String.valueOf(v));
                }
            });
        }
        Commerce c = e.commerce();
        CartData cart = null;
        if (c != null) {
            if (c.stepName() != null) {
                props.put("step_name", c.stepName());
            }
            if (c.step() != null) {
                props.put("step", String.valueOf(c.step()));
            }
            List<Line> lines = new ArrayList<>();
            if (c.products() != null) {
                for (ProductLine p : c.products()) {
                    lines.add(new Line(p.productId(), p.sku(), p.name(), p.category(), p.price(),
                            p.quantity() == null ? 0 : p.quantity()));
                }
            }
            cart = new CartData(c.cartId(), c.checkoutId(), c.orderId(), c.stepName(), c.step(), c.value(),
                    c.revenue(), c.total(), c.subtotal(), c.tax(), c.shipping(), c.discount(), c.currency(), lines);
        }
        return new ShopperEvent(e.messageId(), key, e.timestamp(), e.type(), name, blankToNull(e.userId()),
                blankToNull(e.anonymousId()), device(e.context()), channel(e.context()), props, cart);
    }

    private static String device(Map<String, Object> context) {
        Object d = path(context, "device", "type");
        return d instanceof String s && !s.isBlank() ? s : null;
    }

    private static String channel(Map<String, Object> context) {
        for (Object o : new Object[] {path(context, "campaign", "source"), path(context, "campaign", "medium"),
                context == null ? null : context.get("channel")}) {
            if (o instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static Object path(Map<String, Object> m, String a, String b) {
        if (m == null || !(m.get(a) instanceof Map<?, ?> inner)) {
            return null;
        }
        return inner.get(b);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
