package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Structural validation of a definition (template rendering is checked separately, at activation). */
public final class CampaignValidator {
    public static final int MAX_STEPS = 5;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private CampaignValidator() {
    }

    public static List<Violation> validate(CampaignDefinition c) {
        List<Violation> v = new ArrayList<>();
        if (c.name() == null || c.name().isBlank()) {
            v.add(new Violation("name", "must not be blank"));
        } else if (c.name().length() > 200) {
            v.add(new Violation("name", "must be at most 200 characters"));
        }
        if (c.steps() == null || c.steps().isEmpty()) {
            v.add(new Violation("steps", "at least one step is required"));
        } else {
            if (c.steps().size() > MAX_STEPS) {
                v.add(new Violation("steps", "at most " + MAX_STEPS + " steps"));
            }
            Duration previous = Duration.ZERO;
            for (int i = 0; i < c.steps().size(); i++) {
                CampaignDefinition.Step s = c.steps().get(i);
                if (s.delay() == null || s.delay().isNegative() || s.delay().isZero()) {
                    v.add(new Violation("steps[" + i + "].delay", "must be a positive ISO-8601 duration"));
                } else if (i > 0 && s.delay().compareTo(previous) <= 0) {
                    v.add(new Violation("steps[" + i + "].delay", "must be longer than the previous step's delay"));
                } else {
                    previous = s.delay();
                }
                if (s.subject() == null || s.subject().isBlank()) {
                    v.add(new Violation("steps[" + i + "].subject", "must not be blank"));
                }
            }
        }
        if (c.offer() != null) {
            if (c.offer().threshold() == null || c.offer().threshold().signum() <= 0) {
                v.add(new Violation("freeShipping.threshold", "must be a positive amount"));
            }
            if (c.offer().currency() == null || !c.offer().currency().matches("[A-Za-z]{3}")) {
                v.add(new Violation("freeShipping.currency", "must be an ISO 4217 code such as USD"));
            }
        }
        if (c.recommendations() < 0 || c.recommendations() > 12) {
            v.add(new Violation("recommendations", "must be between 0 and 12"));
        }
        if (c.maxLines() < 1 || c.maxLines() > 50) {
            v.add(new Violation("maxLines", "must be between 1 and 50"));
        }
        if (c.sender() == null || c.sender().address() == null || !EMAIL.matcher(c.sender().address()).matches()) {
            v.add(new Violation("sender.address", "must be an email address"));
        }
        CampaignDefinition.SendRules r = c.sendRules();
        if (r != null) {
            if (r.holdoutPercent() < 0 || r.holdoutPercent() > 50) {
                v.add(new Violation("sendRules.holdoutPercent", "must be between 0 and 50"));
            }
            if (r.frequencyCap() != null) {
                if (r.frequencyCap().max() < 1) {
                    v.add(new Violation("sendRules.frequencyCap.max", "must be at least 1"));
                }
                if (r.frequencyCap().window() == null || r.frequencyCap().window().isNegative()
                        || r.frequencyCap().window().isZero()) {
                    v.add(new Violation("sendRules.frequencyCap.window", "must be a positive ISO-8601 duration"));
                }
            }
        }
        if (c.attributionWindow() == null || c.attributionWindow().isNegative() || c.attributionWindow().isZero()) {
            v.add(new Violation("attributionWindow", "must be a positive ISO-8601 duration"));
        }
        CampaignDefinition.Trigger t = c.trigger();
        if (t != null && t.minCartValue() != null && t.maxCartValue() != null
                && t.minCartValue().compareTo(t.maxCartValue()) > 0) {
            v.add(new Violation("trigger.maxCartValue", "must not be below trigger.minCartValue"));
        }
        if (t != null && t.minCartValue() != null && t.minCartValue().compareTo(BigDecimal.ZERO) < 0) {
            v.add(new Violation("trigger.minCartValue", "must not be negative"));
        }
        return v;
    }
}
