package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** A product from the shopper's browsing history (newest first in the profile). */
public record ViewedProduct(String productId, String name, BigDecimal price, String currency, String url,
        String imageUrl, Instant viewedAt) {
}
