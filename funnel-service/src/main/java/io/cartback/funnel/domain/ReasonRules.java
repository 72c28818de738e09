package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Why a shopper dropped, from the step reached and what they saw there. Precedence: the extra-costs signal
 * (the last checkout event showed shipping/tax for the first time, or higher than before) wins; then
 * checkout-too-long (checkout lasted longer than {@code tooLongAfter} or showed more than
 * {@code tooManyCheckoutViews} step views); then the step-to-reason mapping; else {@code unknown}.
 */
public record ReasonRules(Map<String, String> stepReasons, boolean extraCostSignal, Duration tooLongAfter,
                          int tooManyCheckoutViews) {
    public static final List<String> REASONS = List.of(
            "extra_costs", "account_required", "payment_or_trust", "checkout_too_long", "low_intent", "unknown");

    public ReasonRules {
        stepReasons = Map.copyOf(stepReasons);
    }

    public static ReasonRules defaults() {
        return new ReasonRules(Map.of(
                "product_viewed", "low_intent",
                "product_added", "low_intent",
                "cart_viewed", "low_intent",
                "account", "account_required",
                "shipping", "extra_costs",
                "payment", "payment_or_trust",
                "review", "payment_or_trust"), true, Duration.ofMinutes(20), 15);
    }

    public record Verdict(String reason, List<String> evidence) {
    }

    public static boolean isCheckoutEvent(ShopperEvent e) {
        return e.is("Checkout Step Viewed") || e.is("Checkout Step Completed") || e.is("Checkout Started")
                || e.is("Payment Info Entered");
    }

    /**
     * @param stepId the furthest step reached
     * @param stepLabel how to name it in evidence
     * @param events the journey's events in order, up to where the shopper left
     */
    public Verdict classify(String stepId, String stepLabel, List<ShopperEvent> events) {
        List<String> evidence = new ArrayList<>();
        evidence.add("furthest step: " + stepLabel);
        ShopperEvent lastCheckout = null;
        ShopperEvent firstCheckout = null;
        int checkoutViews = 0;
        BigDecimal previousCosts = null;
        BigDecimal costsBeforeLast = null;
        for (ShopperEvent e : events) {
            if (isCheckoutEvent(e)) {
                if (firstCheckout == null) {
                    firstCheckout = e;
                }
                checkoutViews++;
                costsBeforeLast = previousCosts;
                lastCheckout = e;
                BigDecimal c = e.cart() == null ? null : e.cart().extraCosts();
                if (c != null) {
                    previousCosts = c;
                }
            }
        }
        if (extraCostSignal && lastCheckout != null && lastCheckout.cart() != null) {
            BigDecimal shown = lastCheckout.cart().extraCosts();
            if (shown != null && shown.signum() > 0 && (costsBeforeLast == null || shown.compareTo(costsBeforeLast) > 0)) {
                String cur = lastCheckout.cart().currency() == null ? "" : " " + lastCheckout.cart().currency();
                evidence.add(costsBeforeLast == null
                        ? "shipping+tax of " + shown.toPlainString() + cur + " first shown at " + lastCheckout.at()
                                + ", then no further activity"
                        : "shipping+tax rose from " + costsBeforeLast.toPlainString() + " to " + shown.toPlainString()
                                + cur + " at " + lastCheckout.at() + ", then no further activity");
                return new Verdict("extra_costs", evidence);
            }
        }
        if (firstCheckout != null) {
            Duration spent = Duration.between(firstCheckout.at(), events.get(events.size() - 1).at());
            if (spent.compareTo(tooLongAfter) > 0) {
                evidence.add("checkout lasted " + spent.toMinutes() + " min (rule: more than "
                        + tooLongAfter.toMinutes() + " min)");
                return new Verdict("checkout_too_long", evidence);
            }
            if (checkoutViews > tooManyCheckoutViews) {
                evidence.add(checkoutViews + " checkout step views (rule: more than " + tooManyCheckoutViews + ")");
                return new Verdict("checkout_too_long", evidence);
            }
        }
        String mapped = stepReasons.get(stepId);
        if (mapped != null) {
            evidence.add("step " + stepId + " maps to " + mapped);
            if (lastCheckout != null && lastCheckout.cart() != null && lastCheckout.cart().extraCosts() == null
                    && "extra_costs".equals(mapped)) {
                evidence.add("no shipping/tax figures were sent with the checkout events");
            }
            return new Verdict(mapped, evidence);
        }
        evidence.add("no rule for step " + stepId);
        return new Verdict("unknown", evidence);
    }
}
