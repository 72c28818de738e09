package io.cartback.campaign.messaging;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.campaign.persistence.ShopperStore;
import io.cartback.campaign.service.EmailEvents;
import io.cartback.campaign.service.WatermarkService;
import io.cartback.contracts.Commerce;
import io.cartback.contracts.TrackedEvent;
import io.smallrye.mutiny.Uni;

/**
 * cdp.events.v1 -> event time for the watermark, plus the facts the send-time re-check needs: orders,
 * unsubscribes, cart changes and checkout discounts. Everything else is only read for its timestamp. This
 * service's own events (opens happen in wall-clock time) do not move the watermark.
 */
@ApplicationScoped
public class EventConsumer {
    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private final ObjectMapper mapper;
    private final ShopperStore store;
    private final WatermarkService watermark;

    public EventConsumer(ObjectMapper mapper, ShopperStore store, WatermarkService watermark) {
        this.mapper = mapper;
        this.store = store;
        this.watermark = watermark;
    }

    @Incoming("events-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        TrackedEvent e;
        try {
            e = mapper.readValue(record.value(), TrackedEvent.class);
        } catch (Exception ex) {
            LOG.errorf("skipping unreadable event at offset %d: %s", record.offset(), ex.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (e.timestamp() == null || e.messageId() == null) {
            return Uni.createFrom().voidItem();
        }
        ShopperStore.ShopperEventRow row = classify(e);
        Uni<Void> write = row == null ? Uni.createFrom().voidItem()
                : Dependencies.retryWhileUnreachable(() -> store.recordEvent(row), "campaign event", LOG);
        return write.invoke(() -> {
            if (!EmailEvents.SOURCE_ID.equals(e.sourceId())) {
                watermark.observe(e.timestamp());
            }
        });
    }

    static ShopperStore.ShopperEventRow classify(TrackedEvent e) {
        if (!"track".equals(e.type()) || e.event() == null) {
            return null;
        }
        Commerce c = e.commerce();
        String email = email(e);
        String cartId = c == null ? null : c.cartId();
        switch (e.event()) {
            case "Order Completed" -> {
                BigDecimal revenue = c == null ? null : firstNonNull(c.revenue(), c.total(), c.value());
                return new ShopperStore.ShopperEventRow(e.messageId(), "ORDER", e.anonymousId(), e.userId(), email,
                        e.timestamp(), cartId, c == null ? null : c.orderId(), revenue, c == null ? null : c.currency(),
                        null);
            }
            case "Unsubscribed" -> {
                return new ShopperStore.ShopperEventRow(e.messageId(), "UNSUBSCRIBE", e.anonymousId(), e.userId(),
                        email, e.timestamp(), null, null, null, null, null);
            }
            case "Product Added", "Product Removed", "Cart Updated" -> {
                return new ShopperStore.ShopperEventRow(e.messageId(), "CART_CHANGE", e.anonymousId(), e.userId(),
                        email, e.timestamp(), cartId, null, null, null, null);
            }
            case "Checkout Started", "Checkout Step Viewed", "Checkout Step Completed", "Coupon Applied",
                    "Cart Viewed" -> {
                if (c == null || c.discount() == null) {
                    return null;
                }
                return new ShopperStore.ShopperEventRow(e.messageId(), "DISCOUNT", e.anonymousId(), e.userId(),
                        email, e.timestamp(), cartId, null, null, c.currency(), c.discount().abs());
            }
            default -> {
                return null;
            }
        }
    }

    private static String email(TrackedEvent e) {
        String v = str(e.properties(), "email");
        if (v == null) {
            v = str(e.traits(), "email");
        }
        if (v == null && e.context() != null && e.context().get("traits") instanceof Map<?, ?> t) {
            Object x = t.get("email");
            v = x instanceof String s && !s.isBlank() ? s : null;
        }
        return v == null ? null : v.trim().toLowerCase(Locale.ROOT);
    }

    private static String str(Map<String, Object> m, String key) {
        if (m == null) {
            return null;
        }
        Object v = m.get(key);
        return v instanceof String s && !s.isBlank() ? s : null;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
