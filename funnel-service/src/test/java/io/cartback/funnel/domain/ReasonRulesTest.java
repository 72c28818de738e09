package io.cartback.funnel.domain;

import static io.cartback.funnel.domain.Ev.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ReasonRulesTest {
    private final FunnelDefinition checkout = FunnelDefinition.defaultCheckout();
    private final JourneyBuilder builder = new JourneyBuilder(Duration.ofMinutes(30), ReasonRules.defaults());

    private Journey dropAfter(ShopperEvent... tail) {
        List<ShopperEvent> ev = new java.util.ArrayList<>(List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:01:00Z", "A", "10", 1),
                track("s", "2024-05-01T10:02:00Z", "Cart Viewed")));
        ev.addAll(List.of(tail));
        return builder.build(checkout, "s", ev).get(0);
    }

    @Test
    void leavingAtTheAccountStepIsAccountRequired() {
        Journey j = dropAfter(step("s", "2024-05-01T10:03:00Z", "register"));
        assertEquals("account_required", j.reason());
        assertTrue(j.evidence().get(0).contains("Account"));
    }

    @Test
    void leavingRightAfterShippingWasShownIsExtraCostsWithTheAmount() {
        Journey j = dropAfter(step("s", "2024-05-01T10:03:00Z", "shipping", "12.50", "2.00"));
        assertEquals("extra_costs", j.reason());
        assertTrue(j.evidence().stream().anyMatch(e -> e.contains("14.50")), j.evidence().toString());
    }

    @Test
    void costsThatRoseAtPaymentWinOverThePaymentMapping() {
        Journey j = dropAfter(step("s", "2024-05-01T10:03:00Z", "shipping", "5.00", null),
                step("s", "2024-05-01T10:04:00Z", "payment", "9.00", null));
        assertEquals("extra_costs", j.reason());
        assertTrue(j.evidence().stream().anyMatch(e -> e.contains("rose from 5.00 to 9.00")), j.evidence().toString());
    }

    @Test
    void unchangedCostsAtPaymentArePaymentOrTrust() {
        Journey j = dropAfter(step("s", "2024-05-01T10:03:00Z", "shipping", "5.00", null),
                step("s", "2024-05-01T10:04:00Z", "payment", "5.00", null));
        assertEquals("payment_or_trust", j.reason());
    }

    @Test
    void longCheckoutIsCheckoutTooLong() {
        Journey j = dropAfter(step("s", "2024-05-01T10:03:00Z", "shipping"),
                page("s", "2024-05-01T10:20:00Z"),
                step("s", "2024-05-01T10:30:00Z", "payment"));
        assertEquals("checkout_too_long", j.reason());
    }

    @Test
    void addedButNeverCheckedOutIsLowIntent() {
        assertEquals("low_intent", dropAfter().reason());
    }

    @Test
    void mappingIsConfigurableAndUnmappedStepsAreUnknown() {
        ReasonRules rules = new ReasonRules(Map.of("account", "payment_or_trust"), false, Duration.ofHours(1), 100);
        JourneyBuilder b = new JourneyBuilder(Duration.ofMinutes(30), rules);
        Journey j = b.build(checkout, "s", List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:01:00Z", "A", "10", 1),
                track("s", "2024-05-01T10:02:00Z", "Cart Viewed"),
                step("s", "2024-05-01T10:03:00Z", "account"))).get(0);
        assertEquals("payment_or_trust", j.reason());
        Journey k = b.build(checkout, "s", List.of(track("s", "2024-05-01T10:00:00Z", "Product Viewed"))).get(0);
        assertEquals("unknown", k.reason());
    }
}
