package io.cartback.contracts;

import java.math.BigDecimal;

/** A product as it appears in an event, a cart or an abandoned checkout. {@code price} is the unit price. */
public record ProductLine(
        String productId,
        String sku,
        String name,
        String category,
        String brand,
        String variant,
        BigDecimal price,
        Long quantity,
        String url,
        String imageUrl) {
}
