package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.regex.Pattern;

/** Structural validation of a definition (template rendering is checked separately, at activation). */
public final class CampaignValidator {
    public static final int MAX_STEPS = 5;
    /** Longer delays or windows are typos, and would overflow the schedule's instant arithmetic when huge. */
    public static final Duration MAX_DELAY = Duration.ofDays(90);
    public static final Duration MAX_WINDOW = Duration.ofDays(365);
    /** No real threshold or cart bound is above this; a huge exponent (1E+999999999) would hang formatting. */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
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
                } else if (s.delay().compareTo(MAX_DELAY) > 0) {
                    v.add(new Violation("steps[" + i + "].delay", "must be at most " + MAX_DELAY.toDays() + " days"));
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
            Currency currency = currency(c.offer().currency());
            BigDecimal threshold = c.offer().threshold();
            if (threshold == null || threshold.signum() <= 0 || threshold.compareTo(MAX_AMOUNT) > 0) {
                v.add(new Violation("freeShipping.threshold", "must be a positive amount up to " + MAX_AMOUNT));
            } else if (currency != null && currency.getDefaultFractionDigits() >= 0
                    && threshold.stripTrailingZeros().scale() > currency.getDefaultFractionDigits()) {
                v.add(new Violation("freeShipping.threshold", "has more decimals than " + currency.getCurrencyCode()
                        + " has (" + currency.getDefaultFractionDigits() + ")"));
            }
            if (currency == null) {
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
            if (!(r.holdoutPercent() >= 0 && r.holdoutPercent() <= 50)) { // also refuses NaN
                v.add(new Violation("sendRules.holdoutPercent", "must be between 0 and 50"));
            }
            if (r.frequencyCap() != null) {
                if (r.frequencyCap().max() < 1) {
                    v.add(new Violation("sendRules.frequencyCap.max", "must be at least 1"));
                }
                if (r.frequencyCap().max() > 1000) {
                    v.add(new Violation("sendRules.frequencyCap.max", "must be at most 1000"));
                }
                if (!positiveUpTo(r.frequencyCap().window(), MAX_WINDOW)) {
                    v.add(new Violation("sendRules.frequencyCap.window", "must be a positive ISO-8601 duration up to P"
                            + MAX_WINDOW.toDays() + "D"));
                }
            }
            if (r.quietHours() != null && r.quietHours().start().equals(r.quietHours().end())) {
                v.add(new Violation("sendRules.quietHours", "start and end must differ"));
            }
        }
        if (!positiveUpTo(c.attributionWindow(), MAX_WINDOW)) {
            v.add(new Violation("attributionWindow", "must be a positive ISO-8601 duration up to P"
                    + MAX_WINDOW.toDays() + "D"));
        }
        CampaignDefinition.Trigger t = c.trigger();
        if (t != null && t.minCartValue() != null && t.maxCartValue() != null
                && t.minCartValue().compareTo(t.maxCartValue()) > 0) {
            v.add(new Violation("trigger.maxCartValue", "must not be below trigger.minCartValue"));
        }
        if (t != null) {
            cartBound(v, "trigger.minCartValue", t.minCartValue());
            cartBound(v, "trigger.maxCartValue", t.maxCartValue());
        }
        return v;
    }

    private static void cartBound(List<Violation> v, String field, BigDecimal value) {
        if (value != null && (value.signum() < 0 || value.compareTo(MAX_AMOUNT) > 0
                || value.stripTrailingZeros().scale() > 3)) {
            v.add(new Violation(field, "must be an amount between 0 and " + MAX_AMOUNT + " with at most 3 decimals"));
        }
    }

    private static boolean positiveUpTo(Duration d, Duration max) {
        return d != null && !d.isNegative() && !d.isZero() && d.compareTo(max) <= 0;
    }

    private static Currency currency(String code) {
        if (code == null || !code.matches("[A-Z]{3}")) {
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
