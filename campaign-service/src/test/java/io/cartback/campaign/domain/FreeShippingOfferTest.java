package io.cartback.campaign.domain;

import static io.cartback.campaign.domain.Fixtures.T0;
import static io.cartback.campaign.domain.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class FreeShippingOfferTest {
    private final FreeShippingOffer offer = new FreeShippingOffer(new BigDecimal("50.00"), "USD");

    @Test
    void cartOneCentBelowThresholdMissesByOneCent() {
        FreeShippingOffer.Outcome o = offer.evaluate(Fixtures.cart("USD", line("a", "49.99", 1)), "USD");
        assertFalse(o.qualifies());
        assertEquals(new BigDecimal("0.01"), o.missing());
    }

    @Test
    void cartExactlyAtThresholdQualifies() {
        FreeShippingOffer.Outcome o = offer.evaluate(Fixtures.cart("USD", line("a", "25.00", 2)), "USD");
        assertTrue(o.qualifies());
        assertEquals(0, o.missing().signum());
    }

    @Test
    void discountIsSubtractedBeforeComparing() {
        Cart cart = new Cart(List.of(line("a", "55.00", 1)), "USD", new BigDecimal("5.01"), T0);
        FreeShippingOffer.Outcome o = offer.evaluate(cart, "USD");
        assertFalse(o.qualifies());
        assertEquals(new BigDecimal("0.01"), o.missing());
    }

    @Test
    void negativeDiscountSignIsIgnored() {
        Cart cart = new Cart(List.of(line("a", "55.00", 1)), "USD", new BigDecimal("-5.00"), T0);
        assertEquals(new BigDecimal("50.00"), cart.merchandiseSubtotal());
    }

    @Test
    void discountLargerThanCartGivesZeroSubtotal() {
        Cart cart = new Cart(List.of(line("a", "5.00", 1)), "USD", new BigDecimal("10"), T0);
        assertEquals(BigDecimal.ZERO, cart.merchandiseSubtotal());
    }

    @Test
    void taxAndShippingAreNotPartOfTheSubtotal() {
        // the cart model has no tax or shipping line: only unit price x quantity counts
        Cart cart = Fixtures.cart("USD", line("a", "20.00", 2), line("b", "9.99", 1));
        assertEquals(new BigDecimal("49.99"), cart.merchandiseSubtotal());
        assertFalse(offer.evaluate(cart, "USD").qualifies());
    }

    @Test
    void otherCurrencyMakesTheOfferNotApplicable() {
        FreeShippingOffer.Outcome o = offer.evaluate(Fixtures.cart("EUR", line("a", "80.00", 1)), "EUR");
        assertFalse(o.applicable());
        assertFalse(o.qualifies());
    }

    @Test
    void linesWithoutPriceCountAsZero() {
        Cart cart = new Cart(List.of(new CartLine("x", "X", 3, null, null, null)), "USD", null, T0);
        assertEquals(BigDecimal.ZERO, cart.merchandiseSubtotal());
    }
}
