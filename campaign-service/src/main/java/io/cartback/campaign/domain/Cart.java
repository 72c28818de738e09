package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A cart as the campaign sees it. {@code discount} is the order-level discount last seen for the shopper's
 * checkout (coupon), applied before the free-shipping comparison; tax and shipping are never part of it.
 */
public record Cart(List<CartLine> lines, String currency, BigDecimal discount, Instant updatedAt) {
    public Cart {
        lines = lines == null ? List.of() : List.copyOf(lines);
        discount = discount == null ? BigDecimal.ZERO : discount.abs();
    }

    public boolean isEmpty() {
        return lines.stream().noneMatch(l -> l.quantity() > 0);
    }

    /** Merchandise subtotal after discounts, excluding tax and shipping; never below zero. */
    public BigDecimal merchandiseSubtotal() {
        BigDecimal gross = lines.stream().map(CartLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal net = gross.subtract(discount);
        return net.signum() < 0 ? BigDecimal.ZERO : net;
    }

    public boolean contains(String productId) {
        return productId != null && lines.stream().anyMatch(l -> productId.equals(l.productId()));
    }
}
