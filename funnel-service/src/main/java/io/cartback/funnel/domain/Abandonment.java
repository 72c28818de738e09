package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A cart with items that saw no activity for the inactivity threshold (event time). */
public record Abandonment(
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
        List<Line> lines,
        Instant lastActivityAt,
        Instant abandonedAt) {
}
