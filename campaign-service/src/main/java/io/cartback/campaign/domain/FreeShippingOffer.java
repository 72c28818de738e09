package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * Free shipping from {@code threshold} (inclusive) on the merchandise subtotal after discounts, tax and
 * shipping excluded. Only applies to carts in the offer's currency (no conversion is guessed).
 */
public record FreeShippingOffer(BigDecimal threshold, String currency) {

    public Outcome evaluate(Cart cart, String cartCurrency) {
        BigDecimal subtotal = cart.merchandiseSubtotal();
        if (cartCurrency == null || !cartCurrency.equalsIgnoreCase(currency)) {
            return new Outcome(false, false, subtotal, BigDecimal.ZERO);
        }
        boolean qualifies = subtotal.compareTo(threshold) >= 0;
        BigDecimal missing = qualifies ? BigDecimal.ZERO : threshold.subtract(subtotal);
        return new Outcome(true, qualifies, subtotal, missing);
    }

    public String currencyUpper() {
        return currency.toUpperCase(Locale.ROOT);
    }

    /** {@code applicable} false when the cart is in another currency; then neither offer nor gap is shown. */
    public record Outcome(boolean applicable, boolean qualifies, BigDecimal subtotal, BigDecimal missing) {
    }
}
