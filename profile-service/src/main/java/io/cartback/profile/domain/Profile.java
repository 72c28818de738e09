package io.cartback.profile.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import io.cartback.profile.domain.ProfileRecords.ConsentState;
import io.cartback.profile.domain.ProfileRecords.Facts;
import io.cartback.profile.domain.ProfileRecords.HistoryEntry;
import io.cartback.profile.domain.ProfileRecords.IdentityLink;
import io.cartback.profile.domain.ProfileRecords.Stamped;
import io.cartback.profile.domain.ProfileRecords.TraitValue;
import io.cartback.profile.domain.ProfileRecords.ViewedProduct;

/** One unified profile: identifiers, traits, consent, cart, browsing history and facts. Mutated by {@link ProfileEngine}. */
public final class Profile {
    private final String id;
    private long version;
    private Instant createdAt;
    private final Map<Identifier, IdentityLink> identifiers = new LinkedHashMap<>();
    private final Map<String, TraitValue> traits = new LinkedHashMap<>();
    private ConsentState consent = ConsentState.UNKNOWN;
    private Instant suppressedAt;
    private Cart cart = new Cart();
    private List<ViewedProduct> recentlyViewed = new ArrayList<>();
    private Facts facts = Facts.EMPTY;
    private final List<HistoryEntry> history = new ArrayList<>();

    public Profile(String id, Instant createdAt) {
        this.id = Objects.requireNonNull(id);
        this.createdAt = createdAt;
    }

    /** Everything a profile holds, for storage. */
    public record Data(String id, long version, Instant createdAt, Map<String, IdentityLink> identifiers,
                       Map<String, TraitValue> traits, ConsentState consent, Instant suppressedAt,
                       List<CartLine> cartLines, Instant cartBaselineAt, Instant cartUpdatedAt, String cartCurrency,
                       List<ViewedProduct> recentlyViewed, Facts facts, List<HistoryEntry> history) {
    }

    public Data toData() {
        Map<String, IdentityLink> ids = new LinkedHashMap<>();
        identifiers.forEach((k, v) -> ids.put(k.key(), v));
        return new Data(id, version, createdAt, ids, new LinkedHashMap<>(traits), consent, suppressedAt,
                cart.lines(), cart.baselineAt(), cart.updatedAt(), cart.currency(), List.copyOf(recentlyViewed),
                facts, List.copyOf(history));
    }

    public static Profile fromData(Data d) {
        Profile p = new Profile(d.id(), d.createdAt());
        p.version = d.version();
        d.identifiers().forEach((k, v) -> p.identifiers.put(Identifier.parse(k), v));
        p.traits.putAll(d.traits());
        p.consent = d.consent() == null ? ConsentState.UNKNOWN : d.consent();
        p.suppressedAt = d.suppressedAt();
        p.cart = new Cart(d.cartLines() == null ? List.of() : d.cartLines(), d.cartBaselineAt(), d.cartUpdatedAt(),
                d.cartCurrency());
        p.recentlyViewed = new ArrayList<>(d.recentlyViewed() == null ? List.of() : d.recentlyViewed());
        p.facts = d.facts() == null ? Facts.EMPTY : d.facts();
        if (d.history() != null) {
            p.history.addAll(d.history());
        }
        return p;
    }

    public String id() {
        return id;
    }

    public long version() {
        return version;
    }

    void bumpVersion() {
        version++;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Map<Identifier, IdentityLink> identifiers() {
        return Map.copyOf(identifiers);
    }

    public Set<Identifier> identifierSet() {
        return new LinkedHashSet<>(identifiers.keySet());
    }

    public List<String> values(IdType type) {
        return identifiers.keySet().stream().filter(i -> i.type() == type).map(Identifier::value).toList();
    }

    public Set<String> userIds() {
        return new HashSet<>(values(IdType.USER_ID));
    }

    public boolean hasUserId() {
        return identifiers.keySet().stream().anyMatch(i -> i.type() == IdType.USER_ID);
    }

    /** The email the profile is reached at: of its linked emails, the one seen last. */
    public Optional<String> email() {
        return identifiers.entrySet().stream().filter(e -> e.getKey().type() == IdType.EMAIL)
                .max(Comparator.comparing((Map.Entry<Identifier, IdentityLink> e) -> e.getValue().lastSeenAt())
                        .thenComparing(e -> e.getKey().value()))
                .map(e -> e.getKey().value());
    }

    public Map<String, Object> traitValues() {
        Map<String, Object> out = new LinkedHashMap<>();
        traits.forEach((k, v) -> out.put(k, v.value()));
        return out;
    }

    public Map<String, TraitValue> traits() {
        return Map.copyOf(traits);
    }

    /** Consent as it must be honoured: a suppressed (erased) address is unsubscribed whatever was said later. */
    public ConsentState effectiveConsent() {
        if (suppressedAt != null) {
            return new ConsentState(false, suppressedAt, "suppression:erased", true);
        }
        return consent;
    }

    public Instant suppressedAt() {
        return suppressedAt;
    }

    public Cart cart() {
        return cart;
    }

    public List<ViewedProduct> recentlyViewed() {
        return List.copyOf(recentlyViewed);
    }

    public Facts facts() {
        return facts;
    }

    public List<HistoryEntry> history() {
        return List.copyOf(history);
    }

    // ---- mutations, package-private: only the engine changes profiles

    void link(Identifier id, IdentityLink link) {
        IdentityLink old = identifiers.get(id);
        identifiers.put(id, old == null ? link : old.seen(link.lastSeenAt()));
    }

    void seen(Identifier id, Instant at) {
        IdentityLink old = identifiers.get(id);
        if (old != null) {
            identifiers.put(id, old.seen(at));
        }
    }

    IdentityLink unlink(Identifier id) {
        return identifiers.remove(id);
    }

    void setTrait(String key, Object value, Instant at) {
        TraitValue old = traits.get(key);
        if (old == null || !at.isBefore(old.at())) {
            traits.put(key, new TraitValue(value, at));
        }
    }

    void consent(ConsentState next) {
        consent = consent.newer(next);
    }

    void suppress(Instant at) {
        if (suppressedAt == null) {
            suppressedAt = at;
        }
    }

    void viewed(ViewedProduct v, int limit) {
        String key = v.product().lineKey();
        if (key == null) {
            return;
        }
        Optional<ViewedProduct> same = recentlyViewed.stream().filter(x -> key.equals(x.product().lineKey())).findFirst();
        if (same.isPresent()) {
            if (!v.viewedAt().isAfter(same.get().viewedAt())) {
                return;
            }
            recentlyViewed.remove(same.get());
        }
        recentlyViewed.add(v);
        sortAndTrimViewed(limit);
    }

    private void sortAndTrimViewed(int limit) {
        recentlyViewed.sort(Comparator.comparing(ViewedProduct::viewedAt).reversed()
                .thenComparing(x -> x.product().lineKey()));
        while (recentlyViewed.size() > limit) {
            recentlyViewed.remove(recentlyViewed.size() - 1);
        }
    }

    void activity(Instant at) {
        Instant first = facts.firstSeen() == null || at.isBefore(facts.firstSeen()) ? at : facts.firstSeen();
        Instant last = facts.lastSeen() == null || at.isAfter(facts.lastSeen()) ? at : facts.lastSeen();
        if (createdAt == null || at.isBefore(createdAt)) {
            createdAt = at;
        }
        facts = new Facts(first, last, facts.orders(), facts.revenue(), facts.lastOrderAt(),
                facts.purchasedProductIds(), facts.orderIds(), facts.deviceType(), facts.channel(), facts.timezone(),
                facts.locale());
    }

    void context(Stamped deviceType, Stamped channel, Stamped timezone, Stamped locale) {
        facts = new Facts(facts.firstSeen(), facts.lastSeen(), facts.orders(), facts.revenue(), facts.lastOrderAt(),
                facts.purchasedProductIds(), facts.orderIds(), Stamped.newer(facts.deviceType(), deviceType),
                Stamped.newer(facts.channel(), channel), Stamped.newer(facts.timezone(), timezone),
                Stamped.newer(facts.locale(), locale));
    }

    /** @return whether the order was new (orders are counted once per order id) */
    boolean order(String orderKey, BigDecimal revenue, Instant at, List<String> productIds, int productLimit) {
        if (facts.orderIds().contains(orderKey)) {
            return false;
        }
        List<String> orderIds = new ArrayList<>(facts.orderIds());
        orderIds.add(orderKey);
        LinkedHashSet<String> purchased = new LinkedHashSet<>(productIds);
        purchased.addAll(facts.purchasedProductIds());
        List<String> bounded = purchased.stream().limit(productLimit).toList();
        Instant lastOrder = facts.lastOrderAt() == null || at.isAfter(facts.lastOrderAt()) ? at : facts.lastOrderAt();
        facts = new Facts(facts.firstSeen(), facts.lastSeen(), facts.orders() + 1,
                facts.revenue().add(revenue == null ? BigDecimal.ZERO : revenue), lastOrder, bounded, orderIds,
                facts.deviceType(), facts.channel(), facts.timezone(), facts.locale());
        return true;
    }

    void record(HistoryEntry entry, int limit) {
        history.add(entry);
        while (history.size() > limit) {
            history.remove(0);
        }
    }

    /** Takes over everything of {@code other} except its identifiers (the engine moves those one by one). */
    void absorbContent(Profile other, IdentityRules rules) {
        if (other.createdAt != null && (createdAt == null || other.createdAt.isBefore(createdAt))) {
            createdAt = other.createdAt;
        }
        other.traits.forEach((k, v) -> setTrait(k, v.value(), v.at()));
        consent = consent.newer(other.consent);
        if (other.suppressedAt != null) {
            suppress(other.suppressedAt);
        }
        cart.mergeFrom(other.cart);
        for (ViewedProduct v : other.recentlyViewed) {
            viewed(v, rules.recentlyViewedLimit());
        }
        Facts o = other.facts;
        Instant first = min(facts.firstSeen(), o.firstSeen());
        Instant last = max(facts.lastSeen(), o.lastSeen());
        List<String> orderIds = new ArrayList<>(facts.orderIds());
        long orders = facts.orders();
        BigDecimal revenue = facts.revenue();
        // orders seen by both profiles (one order event per device id) are counted once
        if (!o.orderIds().isEmpty() || o.orders() > 0) {
            long overlap = o.orderIds().stream().filter(orderIds::contains).count();
            o.orderIds().stream().filter(x -> !orderIds.contains(x)).forEach(orderIds::add);
            orders += o.orders() - overlap;
            revenue = revenue.add(o.revenue());
        }
        LinkedHashSet<String> purchased = new LinkedHashSet<>(facts.purchasedProductIds());
        purchased.addAll(o.purchasedProductIds());
        facts = new Facts(first, last, orders, revenue, max(facts.lastOrderAt(), o.lastOrderAt()),
                purchased.stream().limit(rules.purchasedProductsLimit()).toList(), orderIds,
                Stamped.newer(facts.deviceType(), o.deviceType()), Stamped.newer(facts.channel(), o.channel()),
                Stamped.newer(facts.timezone(), o.timezone()), Stamped.newer(facts.locale(), o.locale()));
        for (HistoryEntry h : other.history) {
            record(h, rules.historyLimit());
        }
        history.sort(Comparator.comparing(HistoryEntry::at));
    }

    /** GDPR erasure: nothing personal stays. */
    void erase() {
        identifiers.clear();
        traits.clear();
        consent = ConsentState.UNKNOWN;
        cart.clearAll();
        cart = new Cart();
        recentlyViewed.clear();
        facts = Facts.EMPTY;
        history.clear();
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
