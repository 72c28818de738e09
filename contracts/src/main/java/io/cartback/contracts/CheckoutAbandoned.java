package io.cartback.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A cart or checkout with items saw no order within the inactivity threshold (event time), on
 * {@link Topics#CHECKOUTS_ABANDONED}. {@code abandonmentId} is stable for the same cart and last activity, so a
 * re-emission after a crash is recognisable. {@code stageReached} is the furthest funnel step id reached,
 * {@code reason} one of extra_costs, account_required, payment_or_trust, checkout_too_long, low_intent, unknown.
 */
public record CheckoutAbandoned(
        String abandonmentId,
        String shopperKey,
        String anonymousId,
        String userId,
        String cartId,
        String checkoutId,
        String stageReached,
        String reason,
        List<String> evidence,
        BigDecimal cartValue,
        String currency,
        List<ProductLine> lines,
        Instant lastActivityAt,
        Instant abandonedAt) {
}
