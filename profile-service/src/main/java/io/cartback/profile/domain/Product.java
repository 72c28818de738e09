package io.cartback.profile.domain;

import java.math.BigDecimal;

/** A product as an event names it; {@code quantity} is null when the event did not say. */
public record Product(String productId, String sku, String name, String category, String brand, String variant,
                      BigDecimal price, Long quantity, String url, String imageUrl) {

    /** What identifies a cart line: the product id, else the sku, else the name. Null when none is sent. */
    public String lineKey() {
        if (productId != null && !productId.isBlank()) {
            return "p:" + productId;
        }
        if (sku != null && !sku.isBlank()) {
            return "s:" + sku;
        }
        if (name != null && !name.isBlank()) {
            return "n:" + name;
        }
        return null;
    }

    public Product withQuantity(Long q) {
        return new Product(productId, sku, name, category, brand, variant, price, q, url, imageUrl);
    }
}
