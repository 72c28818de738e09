package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.util.List;

/** The e-commerce part of an event the funnel cares about (a reading of the contract's {@code Commerce}). */
public record CartData(
        String cartId,
        String checkoutId,
        String orderId,
        String stepName,
        Integer step,
        BigDecimal value,
        BigDecimal revenue,
        BigDecimal total,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal discount,
        String currency,
        List<Line> lines) {

    public CartData {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** Extra costs shown on this event: shipping + tax (null when neither was sent). */
    public BigDecimal extraCosts() {
        if (shipping == null && tax == null) {
            return null;
        }
        BigDecimal s = shipping == null ? BigDecimal.ZERO : shipping;
        return tax == null ? s : s.add(tax);
    }
}
