package io.cartback.campaign.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * The send-time re-check, in order (the first rule that applies wins):
 * <ol>
 * <li>erased profile: suppress (ERASED)</li>
 * <li>an order since the cart's last activity: suppress (ORDERED)</li>
 * <li>empty cart: suppress (CART_EMPTIED)</li>
 * <li>cart changed after the trigger: the delay restarts from that change (defer, CART_CHANGED)</li>
 * <li>no email address: suppress (NO_EMAIL)</li>
 * <li>unsubscribed, consent withdrawn, or (when required) never given: suppress (NO_CONSENT)</li>
 * <li>segment traits no longer match: suppress (FILTERED)</li>
 * <li>frequency cap reached for the address: suppress (CAPPED)</li>
 * <li>inside quiet hours in the shopper's zone: defer to their end (QUIET_HOURS)</li>
 * <li>holdout shopper: tracked, not mailed (HOLDOUT)</li>
 * </ol>
 * Holdout comes last so the holdout group passes the same gates as the mailed group and lift compares like
 * with like.
 */
public final class Eligibility {
    private Eligibility() {
    }

    public static Decision decide(CampaignDefinition campaign, int stepIndex, Instant triggerActivityAt,
            Instant dueAt, ShopperView shopper, boolean heldOut) {
        if (shopper.erased()) {
            return new Decision.Suppress(SuppressionReason.ERASED);
        }
        if (shopper.orderedSinceTrigger()) {
            return new Decision.Suppress(SuppressionReason.ORDERED);
        }
        if (shopper.cart() == null || shopper.cart().isEmpty()) {
            return new Decision.Suppress(SuppressionReason.CART_EMPTIED);
        }
        if (shopper.cartChangedAt() != null && shopper.cartChangedAt().isAfter(triggerActivityAt)) {
            Instant restarted = shopper.cartChangedAt().plus(campaign.steps().get(stepIndex).delay());
            if (restarted.isAfter(dueAt)) {
                return new Decision.Defer(restarted, Decision.DeferReason.CART_CHANGED);
            }
        }
        if (shopper.email() == null || shopper.email().isBlank()) {
            return new Decision.Suppress(SuppressionReason.NO_EMAIL);
        }
        CampaignDefinition.SendRules rules = campaign.sendRules();
        boolean consentOk = !shopper.unsubscribed() && !Boolean.FALSE.equals(shopper.emailConsent())
                && (!rules.requireConsent() || Boolean.TRUE.equals(shopper.emailConsent()));
        if (!consentOk) {
            return new Decision.Suppress(SuppressionReason.NO_CONSENT);
        }
        Map<String, String> wanted = campaign.trigger() == null ? null : campaign.trigger().traits();
        if (wanted != null && !wanted.isEmpty()) {
            Map<String, Object> traits = shopper.traits() == null ? Map.of() : shopper.traits();
            for (Map.Entry<String, String> e : wanted.entrySet()) {
                Object actual = traits.get(e.getKey());
                if (actual == null || !String.valueOf(actual).equals(e.getValue())) {
                    return new Decision.Suppress(SuppressionReason.FILTERED);
                }
            }
        }
        if (rules.frequencyCap() != null && !rules.frequencyCap().allows(shopper.sendsToAddress(), dueAt)) {
            return new Decision.Suppress(SuppressionReason.CAPPED);
        }
        if (rules.quietHours() != null) {
            ZoneId zone = shopper.zone() != null ? shopper.zone() : rules.defaultZone();
            Instant allowed = rules.quietHours().nextAllowed(dueAt, zone);
            if (allowed.isAfter(dueAt)) {
                return new Decision.Defer(allowed, Decision.DeferReason.QUIET_HOURS);
            }
        }
        return heldOut ? new Decision.HoldOut() : new Decision.Send();
    }
}
