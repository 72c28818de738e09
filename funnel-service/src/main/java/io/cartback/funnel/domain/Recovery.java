package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** An order completed after an abandonment of the same shopper, within the recovery window. */
public record Recovery(
        String abandonmentId,
        String shopperKey,
        String anonymousId,
        String userId,
        String cartId,
        String orderId,
        BigDecimal revenue,
        String currency,
        Instant orderedAt) {
}
