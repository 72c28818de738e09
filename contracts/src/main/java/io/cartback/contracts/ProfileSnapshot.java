package io.cartback.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The latest state of one unified profile on {@link Topics#PROFILES} (compacted, keyed by {@code profileId}).
 * {@code version} grows with every change so a consumer can drop an older snapshot that arrives late.
 * Erasure publishes a tombstone (null value) under the same key.
 */
public record ProfileSnapshot(
        String profileId,
        long version,
        Instant updatedAt,
        String email,
        List<String> userIds,
        List<String> anonymousIds,
        Map<String, Object> traits,
        Consent consent,
        List<ProductLine> cart,
        String cartCurrency,
        Instant cartUpdatedAt,
        List<ViewedProduct> recentlyViewed,
        Facts facts) {

    /** Email-marketing consent; {@code emailMarketing} null means the shopper never said. */
    public record Consent(Boolean emailMarketing, Instant changedAt, String source, boolean unsubscribed) {
    }

    /** A product the shopper looked at, newest first in {@link #recentlyViewed()}. */
    public record ViewedProduct(
            String productId, String sku, String name, String category, BigDecimal price, String currency,
            String url, String imageUrl, Instant viewedAt) {
    }

    /** Facts computed from the event history. */
    public record Facts(
            Instant firstSeen, Instant lastSeen, long orders, BigDecimal revenue, Instant lastOrderAt,
            List<String> purchasedProductIds, String deviceType, String channel, String timezone, String locale) {
    }
}
