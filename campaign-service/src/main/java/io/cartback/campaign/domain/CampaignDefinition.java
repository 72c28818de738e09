package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a marketer defines. All durations are event time. */
public record CampaignDefinition(
        String name,
        Trigger trigger,
        List<Step> steps,
        FreeShippingOffer offer,
        int recommendations,
        Sender sender,
        SendRules sendRules,
        Duration attributionWindow,
        int maxLines) {

    public enum CartKind { ANY, CART, CHECKOUT }

    public enum Audience { ANY, KNOWN, ANONYMOUS }

    /**
     * Which abandonments enrol: kind (a checkout has a checkoutId), drop reasons and stages (empty = any), cart
     * value bounds (inclusive), known/anonymous at trigger time, and profile traits that must equal the given
     * values at send time (segment).
     */
    public record Trigger(CartKind kind, Set<String> reasons, Set<String> stages, BigDecimal minCartValue,
            BigDecimal maxCartValue, Audience audience, Map<String, String> traits) {
    }

    /** {@code delay} counts from the cart's last activity; each step has its own content. */
    public record Step(Duration delay, String subject, String html, String text) {
    }

    public record Sender(String address, String name) {
    }

    public record SendRules(QuietHours quietHours, ZoneId defaultZone, FrequencyCap frequencyCap,
            double holdoutPercent, boolean requireConsent) {
    }
}
