package io.cartback.funnel.domain;

import java.math.BigDecimal;

/** One product line of a cart, checkout or order as last seen. {@code price} is the unit price. */
public record Line(String productId, String sku, String name, String category, BigDecimal price, long quantity) {

    /** The key adds and removes are paired on: the SKU, else the product id, else the name. */
    public String key() {
        if (sku != null && !sku.isBlank()) {
            return sku;
        }
        return productId != null && !productId.isBlank() ? productId : String.valueOf(name);
    }

    public BigDecimal lineTotal() {
        return price == null ? BigDecimal.ZERO : price.multiply(BigDecimal.valueOf(quantity));
    }

    public Line withQuantity(long q) {
        return new Line(productId, sku, name, category, price, q);
    }
}
