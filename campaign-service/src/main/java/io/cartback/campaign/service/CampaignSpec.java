package io.cartback.campaign.service;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A campaign as the marketer writes it (the body of POST/PUT /campaigns), stored as is. Everything but the name
 * is optional: {@code {"name": "Default", "delay": "PT24H", "freeShipping": {"threshold": 75, "currency":
 * "USD"}, "recommendations": 3}} is a complete one-step campaign with the built-in templates.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record CampaignSpec(
        String name,
        Duration delay,
        TriggerSpec trigger,
        List<StepSpec> steps,
        FreeShippingSpec freeShipping,
        Integer recommendations,
        Integer maxLines,
        SenderSpec sender,
        SendRulesSpec sendRules,
        Duration attributionWindow) {

    /** kind: any|cart|checkout; audience: any|known|anonymous; traits must equal at send time. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record TriggerSpec(String kind, Set<String> reasons, Set<String> stages, BigDecimal minCartValue,
            BigDecimal maxCartValue, String audience, Map<String, String> traits) {
    }

    /** html/text null: the built-in templates. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record StepSpec(Duration delay, String subject, String html, String text) {
    }

    @RegisterForReflection
    public record FreeShippingSpec(BigDecimal threshold, String currency) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record SenderSpec(String address, String name) {
    }

    /** quietHours in the shopper's zone (else {@code timezone}); holdoutPercent 0-50. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @RegisterForReflection
    public record SendRulesSpec(QuietHoursSpec quietHours, String timezone, FrequencyCapSpec frequencyCap,
            Double holdoutPercent, Boolean requireConsent) {
    }

    @RegisterForReflection
    public record QuietHoursSpec(String start, String end) {
    }

    @RegisterForReflection
    public record FrequencyCapSpec(Integer max, Duration window) {
    }
}
