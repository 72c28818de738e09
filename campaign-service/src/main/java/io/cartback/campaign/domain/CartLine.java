package io.cartback.campaign.domain;

import java.math.BigDecimal;

/** One line of a cart: unit price times quantity. Price or quantity may be missing on bad upstream data. */
public record CartLine(String productId, String name, long quantity, BigDecimal unitPrice, String url,
        String imageUrl) {

    public BigDecimal lineTotal() {
        return unitPrice == null ? BigDecimal.ZERO : unitPrice.multiply(BigDecimal.valueOf(quantity));
    }
}
