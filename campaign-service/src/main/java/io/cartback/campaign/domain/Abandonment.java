package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** An abandoned cart/checkout as the campaign reads it (from funnel-service's CheckoutAbandoned). */
public record Abandonment(String abandonmentId, String shopperKey, String anonymousId, String userId,
        String cartId, String checkoutId, String stageReached, String reason, BigDecimal cartValue, String currency,
        List<CartLine> lines, Instant lastActivityAt, Instant abandonedAt) {

    /** The cart identity the one-email-per-step guarantee is keyed on. */
    public String cartKey() {
        if (cartId != null && !cartId.isBlank()) {
            return "cart:" + cartId;
        }
        if (checkoutId != null && !checkoutId.isBlank()) {
            return "checkout:" + checkoutId;
        }
        return "shopper:" + shopperKey;
    }

    public boolean isCheckout() {
        return checkoutId != null && !checkoutId.isBlank();
    }

    /** Whether the trigger filters of a campaign let this abandonment enrol. {@code known} = has an email/userId. */
    public boolean matches(CampaignDefinition.Trigger t, boolean known) {
        if (t == null) {
            return true;
        }
        if (t.kind() == CampaignDefinition.CartKind.CHECKOUT && !isCheckout()) {
            return false;
        }
        if (t.kind() == CampaignDefinition.CartKind.CART && isCheckout()) {
            return false;
        }
        if (t.reasons() != null && !t.reasons().isEmpty() && !t.reasons().contains(reason)) {
            return false;
        }
        if (t.stages() != null && !t.stages().isEmpty() && !t.stages().contains(stageReached)) {
            return false;
        }
        if (t.minCartValue() != null && (cartValue == null || cartValue.compareTo(t.minCartValue()) < 0)) {
            return false;
        }
        if (t.maxCartValue() != null && (cartValue == null || cartValue.compareTo(t.maxCartValue()) > 0)) {
            return false;
        }
        if (t.audience() == CampaignDefinition.Audience.KNOWN && !known) {
            return false;
        }
        return t.audience() != CampaignDefinition.Audience.ANONYMOUS || !known;
    }
}
