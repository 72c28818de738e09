package io.cartback.funnel.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * One tracked call as the funnel sees it: who ({@code shopperKey}, the stable key at ingest, re-keyed by identity
 * merges), when (event time), what ({@code name}: the track event name, or "page", "identify", ...), with flat
 * scalar properties for step filters ({@code props}, including {@code step_name} from the typed commerce data)
 * and the cart data of e-commerce events.
 */
public record ShopperEvent(
        String messageId,
        String shopperKey,
        Instant at,
        String type,
        String name,
        String userId,
        String anonymousId,
        String device,
        String channel,
        Map<String, String> props,
        CartData cart) {

    /**
     * The one order every computation uses: event time, then message id. Arrival order never matters, so a
     * late or out-of-order event gives the same result as if it had arrived in time.
     */
    public static final Comparator<ShopperEvent> ORDER =
            Comparator.comparing(ShopperEvent::at).thenComparing(ShopperEvent::messageId);

    public ShopperEvent {
        props = props == null ? Map.of() : Map.copyOf(props);
    }

    public boolean is(String eventName) {
        return name != null && name.equalsIgnoreCase(eventName);
    }

    public ShopperEvent withShopperKey(String key) {
        return new ShopperEvent(messageId, key, at, type, name, userId, anonymousId, device, channel, props, cart);
    }
}
