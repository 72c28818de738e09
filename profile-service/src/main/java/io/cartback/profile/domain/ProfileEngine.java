package io.cartback.profile.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.cartback.profile.domain.ProfileRecords.ConsentState;
import io.cartback.profile.domain.ProfileRecords.HistoryEntry;
import io.cartback.profile.domain.ProfileRecords.IdentityLink;
import io.cartback.profile.domain.ProfileRecords.Stamped;
import io.cartback.profile.domain.ProfileRecords.ViewedProduct;

/**
 * Identity resolution and profile content rules. Pure: it changes a {@link Workspace} and nothing else.
 * The rules are listed in profile-service/README.md; each has a test in ProfileEngineTest.
 */
public final class ProfileEngine {
    /** Events the campaign service writes back: they are about emails, not about the shopper's shopping. */
    static final Set<String> CAMPAIGN_FEEDBACK = Set.of("Email Sent", "Email Delivered", "Email Opened",
            "Email Link Clicked", "Email Bounced", "Unsubscribed");

    private final IdentityRules rules;

    public ProfileEngine(IdentityRules rules) {
        this.rules = rules;
    }

    public IdentityRules rules() {
        return rules;
    }

    /** What happened to one event. {@code profileId} is null when the event was skipped. */
    public record Result(String profileId, String skippedBecause) {
        public boolean applied() {
            return profileId != null;
        }
    }

    /**
     * Every identifier key whose owner the engine may ask about for this event (the service loads these before
     * the batch). For alias, previousId is looked up both as a userId and as an anonymousId.
     */
    public List<String> lookupKeys(ProfileEvent e) {
        List<String> keys = new ArrayList<>();
        rules.identifier(IdType.USER_ID, e.userId()).ifPresent(i -> keys.add(i.key()));
        rules.identifier(IdType.EMAIL, e.email()).ifPresent(i -> keys.add(i.key()));
        rules.identifier(IdType.ANONYMOUS_ID, e.anonymousId()).ifPresent(i -> keys.add(i.key()));
        rules.identifier(IdType.DEVICE_ID, e.deviceId()).ifPresent(i -> keys.add(i.key()));
        if ("alias".equals(e.type())) {
            rules.identifier(IdType.USER_ID, e.previousId()).ifPresent(i -> keys.add(i.key()));
            rules.identifier(IdType.ANONYMOUS_ID, e.previousId()).ifPresent(i -> keys.add(i.key()));
        }
        return keys;
    }

    /** The usable identifiers of an event, strongest first. */
    List<Identifier> identifiers(ProfileEvent e, Workspace ws) {
        LinkedHashSet<Identifier> ids = new LinkedHashSet<>();
        rules.identifier(IdType.USER_ID, e.userId()).ifPresent(ids::add);
        if ("alias".equals(e.type())) {
            Optional<Identifier> asUser = rules.identifier(IdType.USER_ID, e.previousId());
            if (asUser.isPresent() && ws.owner(asUser.get()).isPresent()) {
                ids.add(asUser.get());
            } else {
                rules.identifier(IdType.ANONYMOUS_ID, e.previousId()).ifPresent(ids::add);
            }
        }
        rules.identifier(IdType.EMAIL, e.email()).ifPresent(ids::add);
        rules.identifier(IdType.ANONYMOUS_ID, e.anonymousId()).ifPresent(ids::add);
        rules.identifier(IdType.DEVICE_ID, e.deviceId()).ifPresent(ids::add);
        return new ArrayList<>(ids);
    }

    public Result apply(ProfileEvent e, Workspace ws) {
        if (e.timestamp() == null) {
            return new Result(null, "no timestamp");
        }
        List<Identifier> ids = identifiers(e, ws);
        if (ids.isEmpty()) {
            return new Result(null, "no usable identifier (all missing, junk or blocked)");
        }
        if (ids.stream().anyMatch(ws::erased)) {
            // the person asked to be forgotten: their identifiers must not build a profile again
            return new Result(null, "names an erased identifier");
        }
        Instant at = e.timestamp();
        Optional<Identifier> userId = rules.identifier(IdType.USER_ID, e.userId());

        List<Profile> candidates = new ArrayList<>();
        for (Identifier id : ids) {
            ws.owner(id).map(ws::profile).filter(p -> !candidates.contains(p)).ifPresent(candidates::add);
        }
        Profile target = chooseTarget(e, ids, userId, candidates, ws);
        candidates.remove(target);
        if (userId.isPresent() && ws.owner(userId.get()).isEmpty()) {
            attach(target, userId.get(), e, ids, ws, linkReason(e, userId.get()));
        }

        for (Profile other : candidates) {
            boolean compatible = userId.isPresent()
                    ? !other.hasUserId()
                    : !(target.hasUserId() && other.hasUserId());
            if (compatible) {
                absorb(target, other, e, ids, ws);
            } else {
                refuse(target, other, e, ids, userId.isPresent(), ws);
            }
        }
        for (Identifier id : ids) {
            Optional<String> owner = ws.owner(id);
            if (owner.isEmpty()) {
                attach(target, id, e, ids, ws, linkReason(e, id));
            } else if (owner.get().equals(target.id())) {
                target.seen(id, at);
            }
        }
        for (String email : target.values(IdType.EMAIL)) {
            if (ws.suppressed(email)) {
                target.suppress(at);
            }
        }
        applyContent(e, target);
        ws.changed(target.id());
        return new Result(target.id(), null);
    }

    private Profile chooseTarget(ProfileEvent e, List<Identifier> ids, Optional<Identifier> userId,
                                 List<Profile> candidates, Workspace ws) {
        if (userId.isPresent()) {
            Optional<String> owner = ws.owner(userId.get());
            if (owner.isPresent()) {
                return ws.profile(owner.get());
            }
            if ("alias".equals(e.type())) {
                // alias(previousId, userId) with a new userId: the user is renamed, the new id joins the old profile
                Optional<Profile> previous = ids.stream().filter(i -> !i.equals(userId.get()))
                        .findFirst().flatMap(ws::owner).map(ws::profile);
                if (previous.isPresent()) {
                    return previous.get();
                }
            }
            return candidates.stream().filter(p -> !p.hasUserId()).findFirst()
                    .orElseGet(() -> ws.create(e.timestamp()));
        }
        if (candidates.isEmpty()) {
            return ws.create(e.timestamp());
        }
        List<Profile> known = candidates.stream().filter(Profile::hasUserId).toList();
        if (known.size() == 1) {
            return known.get(0);
        }
        if (known.size() > 1) {
            // two known users meet on an anonymous event (shared device + shared email): the event belongs to
            // whoever owns its most specific anonymous identifier
            for (IdType t : List.of(IdType.ANONYMOUS_ID, IdType.DEVICE_ID, IdType.EMAIL)) {
                for (Identifier id : ids) {
                    if (id.type() == t && ws.owner(id).isPresent()) {
                        return ws.profile(ws.owner(id).get());
                    }
                }
            }
        }
        return candidates.stream()
                .min(Comparator.comparing(Profile::createdAt, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(Profile::id))
                .orElseThrow();
    }

    private void attach(Profile target, Identifier id, ProfileEvent e, List<Identifier> eventIds, Workspace ws,
                        String reason) {
        target.link(id, new IdentityLink(reason, e.messageId(), e.timestamp(), e.timestamp()));
        ws.move(id, null, target.id());
        enforceLimit(target, id.type(), e, eventIds, ws);
    }

    /** Over the limit: unlink the least recently seen identifiers of that type that this event did not name. */
    private void enforceLimit(Profile p, IdType type, ProfileEvent e, List<Identifier> eventIds, Workspace ws) {
        List<Map.Entry<Identifier, IdentityLink>> ofType = p.identifiers().entrySet().stream()
                .filter(en -> en.getKey().type() == type)
                .sorted(Comparator.comparing((Map.Entry<Identifier, IdentityLink> en) -> en.getValue().lastSeenAt())
                        .thenComparing(en -> en.getKey().value()))
                .toList();
        int excess = ofType.size() - rules.limit(type);
        for (Map.Entry<Identifier, IdentityLink> en : ofType) {
            if (excess <= 0) {
                break;
            }
            if (eventIds.contains(en.getKey())) {
                continue;
            }
            p.unlink(en.getKey());
            ws.move(en.getKey(), p.id(), null);
            p.record(new HistoryEntry(e.timestamp(), "evicted", "more than " + rules.limit(type) + " "
                    + type.wireName() + "s; the least recently seen one was unlinked", e.messageId(), null,
                    List.of(en.getKey().key())), rules.historyLimit());
            excess--;
        }
    }

    private void absorb(Profile target, Profile other, ProfileEvent e, List<Identifier> eventIds, Workspace ws) {
        String reason = e.type() + (e.event() != null ? " '" + e.event() + "'" : "") + " " + e.messageId()
                + " named " + ownedBy(eventIds, ws, other.id()) + " (profile " + other.id() + ") together with "
                + ownedBy(eventIds, ws, target.id()) + " (profile " + target.id() + ")";
        List<String> moved = new ArrayList<>();
        for (Identifier id : other.identifierSet()) {
            IdentityLink link = other.unlink(id);
            target.link(id, link);
            ws.move(id, other.id(), target.id());
            moved.add(id.key());
        }
        target.absorbContent(other, rules);
        for (IdType t : IdType.values()) {
            enforceLimit(target, t, e, eventIds, ws);
        }
        target.record(new HistoryEntry(e.timestamp(), "merged", reason, e.messageId(), other.id(), moved),
                rules.historyLimit());
        ws.removed(other.id(), target.id());
        List<String> published = new ArrayList<>(moved);
        target.values(IdType.USER_ID).stream().map(v -> Identifier.userId(v).key())
                .filter(k -> !published.contains(k)).forEach(published::add);
        ws.merged(new MergeRecord(mergeId(e.messageId(), other.id()), target.id(), List.of(other.id()), published,
                reason, e.messageId(), e.timestamp()));
    }

    private static String ownedBy(List<Identifier> eventIds, Workspace ws, String profileId) {
        List<String> named = eventIds.stream().filter(i -> ws.owner(i).map(profileId::equals).orElse(false))
                .map(Identifier::key).toList();
        return named.isEmpty() ? "its new identifiers" : String.join(", ", named);
    }

    private void refuse(Profile target, Profile other, ProfileEvent e, List<Identifier> eventIds, boolean eventHasUser,
                        Workspace ws) {
        Instant at = e.timestamp();
        String why = "both carry a different userId (" + String.join(",", sorted(target.values(IdType.USER_ID)))
                + " / " + String.join(",", sorted(other.values(IdType.USER_ID))) + ")";
        List<String> shared = eventIds.stream().filter(i -> ws.owner(i).map(other.id()::equals).orElse(false))
                .map(Identifier::key).toList();
        target.record(new HistoryEntry(at, "merge-refused", why, e.messageId(), other.id(), shared),
                rules.historyLimit());
        other.record(new HistoryEntry(at, "merge-refused", why, e.messageId(), target.id(), shared),
                rules.historyLimit());
        ws.changed(other.id());
        if (!eventHasUser) {
            return;
        }
        // the device / anonymous id / email goes with the user who used it last (by event time)
        List<String> relinked = new ArrayList<>();
        for (Identifier id : eventIds) {
            if (!id.isWeak() || !ws.owner(id).map(other.id()::equals).orElse(false)) {
                continue;
            }
            IdentityLink link = other.identifiers().get(id);
            if (link != null && at.isBefore(link.lastSeenAt())) {
                other.record(new HistoryEntry(at, "relink-skipped",
                        id.key() + " was seen later on this profile; a late event does not move it", e.messageId(),
                        target.id(), List.of(id.key())), rules.historyLimit());
                continue;
            }
            other.unlink(id);
            target.link(id, new IdentityLink("relinked to the latest user by " + e.type() + " (" + why + ")",
                    e.messageId(), at, at));
            ws.move(id, other.id(), target.id());
            relinked.add(id.key());
        }
        if (relinked.isEmpty()) {
            return;
        }
        for (IdType t : IdType.values()) {
            enforceLimit(target, t, e, eventIds, ws);
        }
        String detail = String.join(", ", relinked) + " moved from profile " + other.id()
                + " to the latest user's profile; " + why;
        target.record(new HistoryEntry(at, "relinked", detail, e.messageId(), other.id(), relinked),
                rules.historyLimit());
        other.record(new HistoryEntry(at, "relinked-away", detail, e.messageId(), target.id(), relinked),
                rules.historyLimit());
        List<String> published = new ArrayList<>(relinked);
        target.values(IdType.USER_ID).stream().map(v -> Identifier.userId(v).key()).forEach(published::add);
        ws.merged(new MergeRecord(mergeId(e.messageId(), other.id() + "->" + target.id()), target.id(), List.of(),
                published, "relinked-to-latest-user: " + detail, e.messageId(), at));
    }

    private static List<String> sorted(List<String> v) {
        return v.stream().sorted().toList();
    }

    private static String linkReason(ProfileEvent e, Identifier id) {
        return switch (e.type() == null ? "" : e.type()) {
            case "identify" -> "identify " + e.messageId() + " named " + id.key();
            case "alias" -> "alias " + e.messageId() + " (previousId " + e.previousId() + " -> userId " + e.userId() + ")";
            default -> "first seen on " + e.type() + " " + e.messageId();
        };
    }

    static String mergeId(String messageId, String mergedProfileId) {
        return UUID.nameUUIDFromBytes((messageId + "|" + mergedProfileId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- content

    private void applyContent(ProfileEvent e, Profile p) {
        Instant at = e.timestamp();
        boolean feedback = "track".equals(e.type()) && CAMPAIGN_FEEDBACK.contains(e.event());
        if (!feedback) {
            p.activity(at);
            p.context(stamped(e.deviceType(), at), stamped(e.channel(), at), stamped(e.timezone(), at),
                    stamped(e.locale(), at));
        }
        if ("identify".equals(e.type())) {
            e.traits().forEach((k, v) -> p.setTrait(k, v, at));
            consentFromTraits(e.traits(), at).ifPresent(p::consent);
            return;
        }
        if (!"track".equals(e.type()) || e.event() == null) {
            return;
        }
        List<Product> products = e.products() == null ? List.of() : e.products();
        switch (e.event()) {
            case "Unsubscribed" -> {
                if (e.propertyChannel() == null || "email".equalsIgnoreCase(e.propertyChannel())) {
                    p.consent(new ConsentState(false, at, "track:Unsubscribed", true));
                }
            }
            case "Product Viewed" -> products.stream().findFirst()
                    .ifPresent(pr -> p.viewed(new ViewedProduct(pr.withQuantity(null), e.currency(), at),
                            rules.recentlyViewedLimit()));
            case "Product Added" -> products.forEach(pr -> p.cart().add(pr, at, e.currency()));
            case "Product Removed" -> products.forEach(pr -> p.cart().remove(pr, at, e.currency()));
            case "Cart Viewed", "Checkout Started" -> {
                if (e.products() != null) {
                    p.cart().replace(e.products(), at, e.currency());
                }
            }
            case "Order Completed" -> {
                p.cart().orderCompleted(at);
                String key = e.orderId() != null && !e.orderId().isBlank() ? e.orderId() : "message:" + e.messageId();
                BigDecimal revenue = e.orderRevenue() != null ? e.orderRevenue() : products.stream()
                        .filter(pr -> pr.price() != null)
                        .map(pr -> pr.price().multiply(BigDecimal.valueOf(pr.quantity() == null ? 1 : pr.quantity())))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                List<String> productIds = products.stream()
                        .map(pr -> pr.productId() != null ? pr.productId() : pr.sku())
                        .filter(x -> x != null && !x.isBlank()).toList();
                p.order(key, revenue, at, productIds, rules.purchasedProductsLimit());
            }
            default -> {
                // other events only count as activity
            }
        }
    }

    private static Stamped stamped(String value, Instant at) {
        return value == null || value.isBlank() ? null : new Stamped(value, at);
    }

    /**
     * Consent from identify traits: {@code unsubscribed: true} unsubscribes (and wins over anything else in the
     * same call); {@code email_marketing_consent} true/"granted"/"subscribed"/"opted_in"/"yes" opts in (and
     * clears an unsubscribe), false/"denied"/"unsubscribed"/"opted_out"/"no" opts out. Other values are ignored.
     */
    static Optional<ConsentState> consentFromTraits(Map<String, Object> traits, Instant at) {
        Boolean unsubscribed = bool(traits.get("unsubscribed"));
        Boolean consent = bool(traits.get("email_marketing_consent"));
        if (Boolean.TRUE.equals(unsubscribed)) {
            return Optional.of(new ConsentState(false, at, "identify:unsubscribed", true));
        }
        if (consent != null) {
            return Optional.of(new ConsentState(consent, at, "identify:email_marketing_consent", false));
        }
        return Optional.empty();
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "granted", "subscribed", "opted_in", "opt_in" -> Boolean.TRUE;
                case "false", "no", "denied", "unsubscribed", "opted_out", "opt_out" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    // ---- erasure

    /** What an erasure removed: the identifiers to unlink and to block for good. */
    public record Erasure(String profileId, List<Identifier> identifiers) {
        public long emails() {
            return identifiers.stream().filter(i -> i.type() == IdType.EMAIL).count();
        }
    }

    /** GDPR erasure: unlinks every identifier and drops all personal data; the caller blocks the identifiers. */
    public Erasure erase(Profile p, Workspace ws) {
        List<Identifier> ids = new ArrayList<>(p.identifierSet());
        for (Identifier id : ids) {
            ws.move(id, p.id(), null);
        }
        p.erase();
        return new Erasure(p.id(), ids);
    }
}
