package io.cartback.contracts;

import java.math.BigDecimal;
import java.util.List;

/**
 * The E-commerce Spec v2 fields of an event, typed. Money is exact ({@link BigDecimal}); numbers that arrived
 * as unambiguous strings ("19.99") were normalised at ingest, ambiguous ones were rejected there.
 * Single-product events (Product Viewed/Added/Removed) carry their product as the only element of
 * {@code products}. {@code currency} is the ISO 4217 code as sent, upper-cased, or null when not sent.
 */
public record Commerce(
        String cartId,
        String checkoutId,
        String orderId,
        Integer step,
        String stepName,
        BigDecimal value,
        BigDecimal revenue,
        BigDecimal total,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal discount,
        String coupon,
        String currency,
        List<ProductLine> products) {
}
