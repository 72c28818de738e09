package io.cartback.profile.messaging;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.TrackedEvent;
import io.cartback.profile.domain.Product;
import io.cartback.profile.domain.ProfileEvent;

/** TrackedEvent (Segment's open schema, typed e-commerce part) -> what the profile rules read. */
public final class EventMapper {
    private EventMapper() {
    }

    public static ProfileEvent toDomain(TrackedEvent e) {
        Map<String, Object> context = e.context() == null ? Map.of() : e.context();
        Map<String, Object> traits = e.traits() == null ? Map.of() : e.traits();
        Map<String, Object> properties = e.properties() == null ? Map.of() : e.properties();
        Map<String, Object> device = map(context.get("device"));
        Map<String, Object> campaign = map(context.get("campaign"));
        String email = string(traits.get("email"));
        if (email == null) {
            email = string(map(context.get("traits")).get("email"));
        }
        String channel = string(campaign.get("source"));
        if (channel == null) {
            channel = string(campaign.get("medium"));
        }
        Commerce c = e.commerce();
        List<Product> products = c == null || c.products() == null ? null
                : c.products().stream().map(EventMapper::product).toList();
        BigDecimal revenue = null;
        if (c != null) {
            revenue = c.revenue() != null ? c.revenue() : c.total() != null ? c.total() : c.subtotal();
        }
        return new ProfileEvent(
                e.messageId(), e.type(), e.event(), e.userId(), e.anonymousId(), e.previousId(), email,
                string(device.get("id")), e.timestamp(), traits, string(properties.get("channel")), products,
                c == null ? null : c.orderId(), revenue, c == null ? null : c.currency(),
                string(device.get("type")), channel, string(context.get("timezone")), string(context.get("locale")));
    }

    static Product product(ProductLine p) {
        return new Product(p.productId(), p.sku(), p.name(), p.category(), p.brand(), p.variant(), p.price(),
                p.quantity(), p.url(), p.imageUrl());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String string(Object o) {
        if (o instanceof String s) {
            return s.isBlank() ? null : s;
        }
        return o instanceof Number || o instanceof Boolean ? o.toString() : null;
    }
}
