package io.cartback.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/** An order completed after an abandonment, on {@link Topics#CHECKOUTS_RECOVERED}; links order to abandonment. */
public record CheckoutRecovered(
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
