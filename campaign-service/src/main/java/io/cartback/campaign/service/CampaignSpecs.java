package io.cartback.campaign.service;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.CampaignValidator;
import io.cartback.campaign.domain.FreeShippingOffer;
import io.cartback.campaign.domain.FrequencyCap;
import io.cartback.campaign.domain.QuietHours;
import io.cartback.campaign.domain.Violation;
import io.cartback.kit.text.TextRules;

/**
 * Spec (API JSON) to domain definition, with the defaults a marketer gets when leaving a field out: one step after
 * {@code delay} (24 h), 3 recommendations, 10 cart lines, attribution 7 days, frequency cap 1 email per address per
 * 12 h, no quiet hours, no holdout, and consent "not refused" (explicit opt-in only when requireConsent=true).
 */
public final class CampaignSpecs {
    public static final Duration DEFAULT_DELAY = Duration.ofHours(24);
    public static final String DEFAULT_SUBJECT = "{#if email.firstName}{email.firstName}, you{#else}You{/if} left something in your cart";

    private CampaignSpecs() {
    }

    public record Result(CampaignDefinition definition, List<Violation> violations) {
    }

    /** Template sizes: Gmail clips an email above 102 KB, so a longer template is a mistake. */
    public static final int MAX_SUBJECT = 1_000;
    public static final int MAX_TEMPLATE = 100_000;

    public static Result toDefinition(CampaignSpec s, String defaultSender) {
        List<Violation> v = new ArrayList<>();
        List<CampaignDefinition.Step> steps = new ArrayList<>();
        text(v, "name", s.name(), Integer.MAX_VALUE, false);
        if (s.steps() == null || s.steps().isEmpty()) {
            steps.add(new CampaignDefinition.Step(s.delay() == null ? DEFAULT_DELAY : s.delay(), DEFAULT_SUBJECT,
                    null, null));
        } else {
            if (s.delay() != null) {
                v.add(new Violation("delay", "give either delay (one step) or steps[].delay, not both"));
            }
            if (s.steps().size() > CampaignValidator.MAX_STEPS) {
                v.add(new Violation("steps", "at most " + CampaignValidator.MAX_STEPS + " steps (got "
                        + s.steps().size() + ")"));
            }
            for (int i = 0; i < Math.min(s.steps().size(), CampaignValidator.MAX_STEPS); i++) {
                CampaignSpec.StepSpec st = s.steps().get(i);
                if (st == null) {
                    v.add(new Violation("steps[" + i + "]", "must be an object with delay, subject, html, text"));
                    continue;
                }
                // a template that is too long or not text is not kept for parsing (see TemplatePolicy)
                boolean subjectOk = text(v, "steps[" + i + "].subject", st.subject(), MAX_SUBJECT, true);
                boolean htmlOk = text(v, "steps[" + i + "].html", st.html(), MAX_TEMPLATE, true);
                boolean textOk = text(v, "steps[" + i + "].text", st.text(), MAX_TEMPLATE, true);
                steps.add(new CampaignDefinition.Step(st.delay(),
                        st.subject() == null || !subjectOk ? DEFAULT_SUBJECT : st.subject(),
                        htmlOk ? st.html() : null, textOk ? st.text() : null));
            }
        }
        if (s.sender() != null) {
            text(v, "sender.name", s.sender().name(), 200, false);
            text(v, "sender.address", s.sender().address(), 254, false);
        }
        CampaignDefinition.Trigger trigger = trigger(s.trigger(), v);
        FreeShippingOffer offer = s.freeShipping() == null ? null
                : new FreeShippingOffer(s.freeShipping().threshold(),
                        s.freeShipping().currency() == null ? null : s.freeShipping().currency().toUpperCase(Locale.ROOT));
        CampaignDefinition.Sender sender = sender(s.sender(), defaultSender);
        CampaignDefinition.SendRules rules = rules(s.sendRules(), v);
        CampaignDefinition def = new CampaignDefinition(s.name(), trigger, List.copyOf(steps), offer,
                s.recommendations() == null ? 3 : s.recommendations(), sender, rules,
                s.attributionWindow() == null ? Duration.ofDays(7) : s.attributionWindow(),
                s.maxLines() == null ? 10 : s.maxLines());
        v.addAll(CampaignValidator.validate(def));
        return new Result(def, v);
    }

    private static CampaignDefinition.Trigger trigger(CampaignSpec.TriggerSpec t, List<Violation> v) {
        if (t == null) {
            return new CampaignDefinition.Trigger(CampaignDefinition.CartKind.ANY, Set.of(), Set.of(), null, null,
                    CampaignDefinition.Audience.ANY, Map.of());
        }
        CampaignDefinition.CartKind kind = CampaignDefinition.CartKind.ANY;
        if (t.kind() != null) {
            try {
                kind = CampaignDefinition.CartKind.valueOf(t.kind().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                v.add(new Violation("trigger.kind", "must be one of any, cart, checkout"));
            }
        }
        CampaignDefinition.Audience audience = CampaignDefinition.Audience.ANY;
        if (t.audience() != null) {
            try {
                audience = CampaignDefinition.Audience.valueOf(t.audience().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                v.add(new Violation("trigger.audience", "must be one of any, known, anonymous"));
            }
        }
        labels(v, "trigger.reasons", t.reasons());
        labels(v, "trigger.stages", t.stages());
        if (t.traits() != null) {
            if (t.traits().size() > 50) {
                v.add(new Violation("trigger.traits", "at most 50 traits"));
            } else {
                t.traits().forEach((k, val) -> {
                    text(v, "trigger.traits", k, 100, false);
                    if (val == null) {
                        v.add(new Violation("trigger.traits." + k, "must be a string"));
                    } else {
                        text(v, "trigger.traits." + k, val, 1000, false);
                    }
                });
            }
        }
        return new CampaignDefinition.Trigger(kind, nonNull(t.reasons()), nonNull(t.stages()), t.minCartValue(),
                t.maxCartValue(), audience, t.traits() == null ? Map.of() : t.traits().entrySet().stream()
                        .filter(e -> e.getKey() != null && e.getValue() != null)
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** Adds a violation when the text is not acceptable; true when it is. */
    private static boolean text(List<Violation> v, String field, String value, int max, boolean multiline) {
        String problem = TextRules.problem(value, max, multiline);
        if (problem != null) {
            v.add(new Violation(field, problem));
        }
        return problem == null;
    }

    private static void labels(List<Violation> v, String field, Set<String> values) {
        if (values == null) {
            return;
        }
        if (values.size() > 50) {
            v.add(new Violation(field, "at most 50 entries"));
            return;
        }
        for (String x : values) {
            if (x == null) {
                v.add(new Violation(field, "entries must be strings"));
            } else {
                text(v, field, x, 100, false);
            }
        }
    }

    /** Null entries are reported as violations; the copy leaves them out (Set.copyOf refuses null). */
    private static Set<String> nonNull(Set<String> values) {
        return values == null ? Set.of() : values.stream().filter(Objects::nonNull).collect(Collectors.toUnmodifiableSet());
    }

    static CampaignDefinition.Sender sender(CampaignSpec.SenderSpec s, String defaultSender) {
        if (s != null && s.address() != null) {
            return new CampaignDefinition.Sender(s.address().trim(), s.name());
        }
        String d = defaultSender.trim();
        int lt = d.indexOf('<');
        if (lt >= 0 && d.endsWith(">")) {
            String name = d.substring(0, lt).trim();
            return new CampaignDefinition.Sender(d.substring(lt + 1, d.length() - 1).trim(),
                    name.isEmpty() ? null : name);
        }
        return new CampaignDefinition.Sender(d, null);
    }

    private static CampaignDefinition.SendRules rules(CampaignSpec.SendRulesSpec r, List<Violation> v) {
        QuietHours quiet = null;
        ZoneId zone = ZoneOffset.UTC;
        FrequencyCap cap = new FrequencyCap(1, Duration.ofHours(12));
        double holdout = 0;
        boolean requireConsent = false;
        if (r != null) {
            if (r.quietHours() != null) {
                try {
                    quiet = new QuietHours(LocalTime.parse(r.quietHours().start()), LocalTime.parse(r.quietHours().end()));
                } catch (DateTimeException | NullPointerException e) {
                    v.add(new Violation("sendRules.quietHours", "start and end must be local times such as 21:00"));
                }
            }
            if (r.timezone() != null) {
                try {
                    zone = ZoneId.of(r.timezone());
                } catch (DateTimeException e) {
                    v.add(new Violation("sendRules.timezone", "must be an IANA zone such as Europe/Berlin"));
                }
            }
            if (r.frequencyCap() != null) {
                cap = new FrequencyCap(r.frequencyCap().max() == null ? 1 : r.frequencyCap().max(),
                        r.frequencyCap().window());
            }
            if (r.holdoutPercent() != null) {
                holdout = r.holdoutPercent();
            }
            if (r.requireConsent() != null) {
                requireConsent = r.requireConsent();
            }
        }
        return new CampaignDefinition.SendRules(quiet, zone, cap, holdout, requireConsent);
    }
}
