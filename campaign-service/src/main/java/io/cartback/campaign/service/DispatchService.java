package io.cartback.campaign.service;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.campaign.config.CampaignConfig;
import io.cartback.campaign.domain.Abandonment;
import io.cartback.campaign.domain.CampaignDefinition;
import io.cartback.campaign.domain.Cart;
import io.cartback.campaign.domain.ContentPlanner;
import io.cartback.campaign.domain.Decision;
import io.cartback.campaign.domain.Eligibility;
import io.cartback.campaign.domain.EmailPlan;
import io.cartback.campaign.domain.Money;
import io.cartback.campaign.domain.ShopperView;
import io.cartback.campaign.persistence.SendStore;
import io.cartback.campaign.persistence.ShopperStore;
import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.ProfileSnapshot;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Sends what is due by the watermark. Per claimed step: load the latest profile and stream facts, decide (domain
 * {@link Eligibility}), then send, defer, suppress or record the holdout. The write order is the exactly-once
 * argument: CLAIMED (lease) -> SENDING (committed before SMTP) -> SMTP -> SENT + "Email Sent" in one commit.
 */
@ApplicationScoped
public class DispatchService {
    private static final Logger LOG = Logger.getLogger(DispatchService.class);
    private final SendStore sends;
    private final ShopperStore shoppers;
    private final CampaignService campaigns;
    private final TemplateRenderer renderer;
    private final LinkSigner links;
    private final ReactiveMailer mailer;
    private final WatermarkService clock;
    private final EmailEvents events;
    private final ObjectMapper mapper;
    private final CampaignConfig config;
    private final MeterRegistry meters;

    public DispatchService(SendStore sends, ShopperStore shoppers, CampaignService campaigns,
            TemplateRenderer renderer, LinkSigner links, ReactiveMailer mailer, WatermarkService clock,
            EmailEvents events, ObjectMapper mapper, CampaignConfig config, MeterRegistry meters) {
        this.sends = sends;
        this.shoppers = shoppers;
        this.campaigns = campaigns;
        this.renderer = renderer;
        this.links = links;
        this.mailer = mailer;
        this.clock = clock;
        this.events = events;
        this.mapper = mapper;
        this.config = config;
        this.meters = meters;
    }

    public static List<String> identifiers(String shopperKey, String anonymousId, String userId) {
        Set<String> ids = new LinkedHashSet<>();
        if (userId != null) {
            ids.add("userId:" + userId);
        }
        if (anonymousId != null) {
            ids.add("anonymousId:" + anonymousId);
        }
        if (shopperKey != null) {
            ids.add("userId:" + shopperKey);
            ids.add("anonymousId:" + shopperKey);
        }
        return List.copyOf(ids);
    }

    /** A step that passed every gate, rendered and ready for SMTP. */
    private record Ready(SendStore.Claimed claimed, CampaignService.Loaded campaign, String email, Mail mail,
            String subject) {
    }

    /**
     * Claims and processes one batch; returns how many steps were claimed. Phase 1 decides and renders every
     * claimed step (suppressions and deferrals are written at once), phase 2 marks all steps to be mailed
     * SENDING in one statement, phase 3 sends them over SMTP, each recorded SENT right after its 250 reply.
     */
    public Uni<Integer> dispatchBatch() {
        Instant watermark = clock.current();
        return sends.claimDue(watermark, clock.wallNow(), config.batchSize(), config.lease()).flatMap(claimed -> {
            if (claimed.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Set<java.util.UUID> ids = claimed.stream().map(SendStore.Claimed::campaignId).collect(Collectors.toSet());
            return campaigns.byIds(ids).flatMap(byId -> Multi.createFrom().iterable(claimed)
                    .onItem().transformToUni(c -> prepare(c, byId.get(c.campaignId()))
                            .onFailure().recoverWithUni(e -> {
                                LOG.errorf(e, "send %d: processing failed; released for retry", c.id());
                                return sends.release(c.id()).replaceWith((Ready) null);
                            }))
                    .merge(config.concurrency())
                    .filter(r -> r != null)
                    .collect().asList()
                    .flatMap(this::deliver)
                    .replaceWith(claimed.size()));
        });
    }

    private Uni<Void> deliver(List<Ready> ready) {
        if (ready.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return sends.markSending(ready.stream().map(r -> r.claimed().id()).toList(),
                ready.stream().map(Ready::email).toList()).flatMap(moved -> Multi.createFrom().iterable(ready)
                        .filter(r -> moved.contains(r.claimed().id()))
                        .onItem().transformToUni(this::smtp).merge(config.concurrency())
                        .collect().last().replaceWithVoid());
    }

    public Uni<int[]> recoverLeases() {
        return sends.recoverExpiredLeases(clock.wallNow());
    }

    /** What the dispatcher knows about a shopper, also used by preview. */
    record Context(ShopperStore.ProfileRow profileRow, ProfileSnapshot profile, ShopperView view, String email) {
    }

    Uni<Context> context(CampaignDefinition def, Abandonment a, Instant dueAt) {
        return context(def, a, dueAt, shoppers.findProfile(identifiers(a.shopperKey(), a.anonymousId(), a.userId())));
    }

    /** The context of a profile's current cart (preview); null when the profile is unknown. */
    Uni<Context> contextForProfile(CampaignDefinition def, String profileId) {
        return shoppers.findProfileById(profileId).flatMap(row -> {
            if (row == null) {
                return Uni.createFrom().nullItem();
            }
            ProfileSnapshot p = row.snapshotJson() == null ? null : readProfile(row.snapshotJson());
            String anon = p == null || p.anonymousIds() == null || p.anonymousIds().isEmpty() ? null
                    : p.anonymousIds().get(0);
            String user = p == null || p.userIds() == null || p.userIds().isEmpty() ? null : p.userIds().get(0);
            Instant now = clock.current();
            Abandonment a = new Abandonment("preview", user != null ? user : anon == null ? profileId : anon, anon,
                    user, null, null, null, null, null, p == null ? null : p.cartCurrency(), List.of(),
                    p == null || p.cartUpdatedAt() == null ? now : p.cartUpdatedAt(), now);
            return context(def, a, now, Uni.createFrom().item(row));
        });
    }

    private Uni<Context> context(CampaignDefinition def, Abandonment a, Instant dueAt,
            Uni<ShopperStore.ProfileRow> profile) {
        return profile.flatMap(row -> {
            ProfileSnapshot p = row == null || row.snapshotJson() == null ? null : readProfile(row.snapshotJson());
            Set<String> anons = new HashSet<>();
            Set<String> users = new HashSet<>();
            add(anons, a.anonymousId());
            add(anons, a.shopperKey());
            add(users, a.userId());
            add(users, a.shopperKey());
            if (p != null) {
                if (p.anonymousIds() != null) {
                    p.anonymousIds().forEach(x -> add(anons, x));
                }
                if (p.userIds() != null) {
                    p.userIds().forEach(x -> add(users, x));
                }
            }
            String email = row == null || row.email() == null ? null : row.email().trim().toLowerCase();
            Instant capFrom = def.sendRules().frequencyCap() == null ? dueAt
                    : dueAt.minus(def.sendRules().frequencyCap().window());
            return shoppers.facts(anons.toArray(new String[0]), users.toArray(new String[0]), email,
                    a.lastActivityAt(), a.abandonmentId(), a.cartId(), capFrom).flatMap(facts -> {
                        Cart cart;
                        Instant cartChanged = facts.lastCartChange();
                        if (p != null && p.cartUpdatedAt() != null) {
                            cart = new Cart(ContractMapping.lines(p.cart()), p.cartCurrency(), facts.discount(),
                                    p.cartUpdatedAt());
                            cartChanged = max(cartChanged, p.cartUpdatedAt());
                        } else {
                            cart = new Cart(a.lines(), a.currency(), facts.discount(), a.lastActivityAt());
                        }
                        ProfileSnapshot.Consent consent = p == null ? null : p.consent();
                        boolean unsubscribed = consent != null && consent.unsubscribed();
                        if (facts.lastUnsubscribe() != null && (consent == null || consent.changedAt() == null
                                || facts.lastUnsubscribe().isAfter(consent.changedAt()))) {
                            unsubscribed = true;
                        }
                        ZoneId zone = zone(p);
                        Instant cartChangedAt = cartChanged;
                        boolean erased = row != null && row.erased();
                        Boolean consentGiven = consent == null ? null : consent.emailMarketing();
                        Map<String, Object> traits = p == null ? Map.of() : p.traits();
                        boolean unsub = unsubscribed;
                        return Uni.createFrom().item(new Context(row, p, new ShopperView(erased, email,
                                consentGiven, unsub, facts.ordered(), cart, cartChangedAt, facts.sendsToAddress(),
                                zone, traits), email));
                    });
        });
    }

    private Uni<Ready> prepare(SendStore.Claimed c, CampaignService.Loaded campaign) {
        if (campaign == null) {
            return sends.release(c.id()).replaceWith((Ready) null);
        }
        CampaignDefinition def = campaign.definition();
        if (c.stepIndex() >= def.steps().size()) {
            return sends.markSuppressed(c.id(), "step_removed", null).replaceWith((Ready) null);
        }
        Abandonment a = ContractMapping.abandonment(readAbandonment(c.triggerJson()));
        return context(def, a, c.dueAt()).flatMap(ctx -> {
            Decision d = Eligibility.decide(def, c.stepIndex(), c.lastActivityAt(), c.dueAt(), ctx.view(),
                    c.holdout());
            meters.counter("cdp_campaign_decisions_total", "decision", label(d)).increment();
            if (d instanceof Decision.Suppress s) {
                return sends.markSuppressed(c.id(), s.reason().code(), ctx.email()).replaceWith((Ready) null);
            }
            if (d instanceof Decision.Defer f) {
                return sends.markDeferred(c.id(), f.until(), f.reason() == Decision.DeferReason.QUIET_HOURS)
                        .replaceWith((Ready) null);
            }
            if (d instanceof Decision.HoldOut) {
                return sends.markHeldOut(c.id(), c.dueAt(), ctx.email()).replaceWith((Ready) null);
            }
            String unsubscribe = links.unsubscribe(c.id(), clock.wallNow());
            TemplateRenderer.Rendered rendered;
            try {
                rendered = renderer.render(def, c.stepIndex(),
                        view(def, campaign.name(), c.stepIndex(), ctx, c.id(), unsubscribe));
            } catch (RuntimeException e) {
                LOG.errorf(e, "send %d: rendering failed", c.id());
                return sends.markSuppressed(c.id(), "render_failed", ctx.email()).replaceWith((Ready) null);
            }
            Mail mail = mail(def, ctx.email(), rendered, unsubscribe)
                    .addHeader("X-Cartback-Send", Long.toString(c.id()));
            return Uni.createFrom().item(new Ready(c, campaign, ctx.email(), mail, rendered.subject()));
        });
    }

    private static String label(Decision d) {
        if (d instanceof Decision.Suppress s) {
            return s.reason().code();
        }
        if (d instanceof Decision.Defer f) {
            return "defer_" + f.reason().name().toLowerCase();
        }
        return d instanceof Decision.HoldOut ? "holdout" : "send";
    }

    /**
     * Only an SMTP failure is retried; a failure to record SENT afterwards leaves the row SENDING, so the lease
     * expiry marks it UNKNOWN instead of sending a second email.
     */
    private Uni<Void> smtp(Ready r) {
        SendStore.Claimed c = r.claimed();
        return mailer.send(r.mail())
                .onItem().transform(x -> Boolean.TRUE)
                .onFailure().recoverWithUni(e -> retry(c, e).replaceWith(Boolean.FALSE))
                .flatMap(delivered -> {
                    if (!delivered) {
                        return Uni.createFrom().voidItem();
                    }
                    Instant wallNow = clock.wallNow();
                    meters.counter("cdp_campaign_emails_sent_total").increment();
                    Duration lag = Duration.between(c.dueAt(), clock.current());
                    meters.timer("cdp_campaign_due_lag").record(lag.isNegative() ? Duration.ZERO : lag);
                    SendStore.Tracked t = new SendStore.Tracked(c.id(), c.campaignId(), r.campaign().name(),
                            c.stepIndex(), r.email(), c.shopperKey(), c.anonymousId(), c.userId(), c.cartId(),
                            c.abandonmentId(), "SENT");
                    String payload = events.json(events.event("cb-email-sent-" + c.id(), "Email Sent", t, c.dueAt(),
                            wallNow, Map.of("subject", r.subject())));
                    return sends.markSent(c.id(), c.dueAt(), wallNow, c.shopperKey(), payload);
                });
    }

    private Uni<Void> retry(SendStore.Claimed c, Throwable e) {
        int attempt = c.attempts() + 1;
        boolean giveUp = attempt >= config.maxAttempts();
        long factor = 1L << Math.min(attempt - 1, 10);
        Duration backoff = config.retryBase().multipliedBy(factor);
        if (backoff.compareTo(Duration.ofHours(1)) > 0) {
            backoff = Duration.ofHours(1);
        }
        meters.counter("cdp_campaign_smtp_failures_total").increment();
        LOG.warnf("send %d: SMTP attempt %d failed (%s)%s", c.id(), attempt, e.toString(),
                giveUp ? "; giving up" : "; retrying in " + backoff);
        return sends.markRetry(c.id(), clock.wallNow().plus(backoff), String.valueOf(e.getMessage()), giveUp);
    }

    Mail mail(CampaignDefinition def, String to, TemplateRenderer.Rendered r, String unsubscribeUrl) {
        CampaignDefinition.Sender s = def.sender();
        String from = s.name() == null || s.name().isBlank() ? s.address()
                : "\"" + s.name().replace("\"", "'") + "\" <" + s.address() + ">";
        Mail mail = Mail.withHtml(to, r.subject(), r.html()).setText(r.text()).setFrom(from);
        if (unsubscribeUrl != null) {
            mail.addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">");
            mail.addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        return mail;
    }

    EmailView view(CampaignDefinition def, String campaignName, int stepIndex, Context ctx, long sendId,
            String unsubscribeUrl) {
        ProfileSnapshot p = ctx.profile();
        Set<String> purchased = p == null || p.facts() == null || p.facts().purchasedProductIds() == null ? Set.of()
                : Set.copyOf(p.facts().purchasedProductIds());
        EmailPlan plan = ContentPlanner.plan(def, ctx.view().cart(), ContractMapping.viewed(p), purchased,
                Money.locale(p == null || p.facts() == null ? null : p.facts().locale()), config.defaultCurrency());
        List<EmailView.Line> lines = new ArrayList<>();
        for (EmailPlan.Line l : plan.lines()) {
            lines.add(new EmailView.Line(l.name(), l.quantity(), l.unitPriceText(), l.totalText(),
                    links.click(sendId, l.url()), l.imageUrl()));
        }
        List<EmailView.Product> recs = new ArrayList<>();
        for (EmailPlan.Recommendation r : plan.recommendations()) {
            recs.add(new EmailView.Product(r.name(), r.priceText(), links.click(sendId, r.url()), r.imageUrl(),
                    r.closesGap()));
        }
        String cartUrl = links.click(sendId, config.shopUrl());
        return new EmailView(firstName(p), campaignName, stepIndex + 1, lines, plan.moreLines(),
                cartUrl == null ? config.shopUrl() : cartUrl, plan.subtotalText(), plan.offer().shown(),
                plan.offer().qualifies(), plan.offer().thresholdText(), plan.offer().missingText(), recs,
                unsubscribeUrl, links.openPixel(sendId));
    }

    private static String firstName(ProfileSnapshot p) {
        if (p == null || p.traits() == null) {
            return null;
        }
        Object v = p.traits().get("firstName");
        if (v == null) {
            v = p.traits().get("first_name");
        }
        return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).strip();
    }

    private static ZoneId zone(ProfileSnapshot p) {
        if (p == null || p.facts() == null || p.facts().timezone() == null) {
            return null;
        }
        try {
            return ZoneId.of(p.facts().timezone());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void add(Set<String> set, String v) {
        if (v != null && !v.isBlank()) {
            set.add(v);
        }
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    ProfileSnapshot readProfile(String json) {
        try {
            return mapper.readValue(json, ProfileSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored profile is not readable", e);
        }
    }

    CheckoutAbandoned readAbandonment(String json) {
        try {
            return mapper.readValue(json, CheckoutAbandoned.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored trigger is not readable", e);
        }
    }
}
