package io.cartback.funnel.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.CheckoutRecovered;
import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.contracts.Topics;
import io.cartback.funnel.config.FunnelConfig;
import io.cartback.funnel.domain.Abandonment;
import io.cartback.funnel.domain.CartTracker;
import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.domain.JourneyBuilder;
import io.cartback.funnel.domain.Line;
import io.cartback.funnel.domain.ReasonRules;
import io.cartback.funnel.domain.Recovery;
import io.cartback.funnel.domain.ShopperEvent;
import io.cartback.funnel.persistence.FunnelStore;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The use cases behind the consumers: apply events (load -> recompute the shoppers' journeys and carts in the
 * domain -> persist, with abandonments/recoveries to the outbox, all in one transaction), fire due cart timers
 * when the watermark passes them, move state on identity merges, erase on profile tombstones.
 */
@ApplicationScoped
public class FunnelProcessor {
    private static final Logger LOG = Logger.getLogger(FunnelProcessor.class);
    private final Db db;
    private final FunnelStore store;
    private final WatermarkService watermark;
    private final DefinitionService definitions;
    private final OutboxRelay outbox;
    private final JourneyBuilder journeys;
    private final CartTracker carts;
    private final ZoneId zone;
    private final AtomicLong lateEvents = new AtomicLong();
    private final AtomicLong appliedEvents = new AtomicLong();
    private final AtomicLong redeliveredEvents = new AtomicLong();

    public FunnelProcessor(Db db, FunnelStore store, WatermarkService watermark, DefinitionService definitions,
                           OutboxRelay outbox, FunnelConfig config, MeterRegistry metrics) {
        this.db = db;
        this.store = store;
        this.watermark = watermark;
        this.definitions = definitions;
        this.outbox = outbox;
        ReasonRules rules = reasonRules(config);
        this.journeys = new JourneyBuilder(config.sessionGap(), rules);
        this.carts = new CartTracker(config.abandonAfter(), config.recoveryWindow(), config.sessionGap(), rules);
        this.zone = ZoneId.of(config.storeTimeZone());
        metrics.gauge("cdp_funnel_late_events", lateEvents);
        metrics.gauge("cdp_funnel_applied_events", appliedEvents);
        metrics.gauge("cdp_funnel_redelivered_events", redeliveredEvents);
    }

    public static ReasonRules reasonRules(FunnelConfig config) {
        FunnelConfig.Reasons r = config.reasons();
        for (String reason : r.steps().values()) {
            // a typo in the mapping must stop the service, not silently produce "unknown"
            if (!ReasonRules.REASONS.contains(reason)) {
                throw new IllegalStateException("cdp.funnel.reasons.steps: unknown reason '" + reason + "', expected one of "
                        + ReasonRules.REASONS);
            }
        }
        Map<String, String> steps = new java.util.HashMap<>(ReasonRules.defaults().stepReasons());
        steps.putAll(r.steps());
        return new ReasonRules(steps, r.extraCostSignal(), r.tooLongAfter(), r.tooManyCheckoutViews());
    }

    public JourneyBuilder journeyBuilder() {
        return journeys;
    }

    public ZoneId zone() {
        return zone;
    }

    /** An event as read from its input partition. */
    public record Arrived(int partition, ShopperEvent event) {
    }

    /**
     * Applies a batch of events (idempotent: a redelivered event is a duplicate message id and changes nothing).
     * An event already stored is a redelivery (after a crash or a rebalance, from the last committed offset): it is
     * skipped before the lateness check, since the watermark may have passed it by then and it must not be counted
     * as too late a second time round.
     */
    public void applyEvents(List<Arrived> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = watermark.now();
        List<ShopperEvent> accepted = new ArrayList<>(batch.size());
        Map<Integer, Instant> maxByPartition = new java.util.HashMap<>();
        long[] late = {0};
        long[] redelivered = {0};
        db.tx(c -> {
            accepted.clear();
            maxByPartition.clear();
            late[0] = 0;
            redelivered[0] = 0;
            Set<String> stored = store.storedMessageIds(c, batch.stream().map(a -> a.event().messageId())
                    .filter(java.util.Objects::nonNull).toList());
            for (Arrived a : batch) {
                ShopperEvent e = a.event();
                if (e.shopperKey() == null || e.at() == null || e.messageId() == null) {
                    continue;
                }
                if (stored.contains(e.messageId())) {
                    redelivered[0]++;
                    continue;
                }
                if (watermark.clock().tooLate(e.at(), now)) {
                    late[0]++;
                    continue;
                }
                accepted.add(e);
                maxByPartition.merge(a.partition(), e.at(), (x, y) -> x.isAfter(y) ? x : y);
            }
            Map<String, String> alias = store.aliases(c, accepted.stream().map(ShopperEvent::shopperKey).toList());
            List<ShopperEvent> keyed = new ArrayList<>(accepted.size());
            Set<String> dirty = new LinkedHashSet<>();
            for (ShopperEvent e : accepted) {
                String key = alias.getOrDefault(e.shopperKey(), e.shopperKey());
                keyed.add(key.equals(e.shopperKey()) ? e : e.withShopperKey(key));
                dirty.add(key);
            }
            store.insertEvents(c, keyed);
            // the clock moves only for events that are now stored (a failed batch is redelivered and re-checked)
            Instant wm = watermark.clock().current(now);
            recompute(c, dirty, wm);
            store.saveWatermark(c, maxByPartition, null, late[0]);
            return null;
        });
        maxByPartition.forEach((p, t) -> watermark.clock().observe(p, t, now));
        lateEvents.addAndGet(late[0]);
        appliedEvents.addAndGet(accepted.size());
        redeliveredEvents.addAndGet(redelivered[0]);
        outbox.wake();
    }

    /** Fires cart timers the watermark has passed; returns how many shoppers were looked at. */
    public int fireDueTimers() {
        Instant wm = watermark.current();
        int total = 0;
        while (true) {
            int n = db.tx(c -> {
                List<String> due = store.dueCartTimers(c, wm, 500);
                if (!due.isEmpty()) {
                    recompute(c, due, wm);
                }
                return due.size();
            });
            total += n;
            if (n < 500) {
                break;
            }
        }
        if (total > 0) {
            outbox.wake();
        }
        return total;
    }

    /** Recomputes every shopper's journeys (after a funnel definition changed), page by page. */
    public long backfill() {
        Instant wm = watermark.current();
        String after = "";
        long count = 0;
        while (true) {
            String from = after;
            List<String> page = db.tx(c -> {
                List<String> keys = store.shopperKeysPage(c, from, 500);
                if (!keys.isEmpty()) {
                    recompute(c, keys, wm);
                }
                return keys;
            });
            count += page.size();
            if (page.size() < 500) {
                return count;
            }
            after = page.get(page.size() - 1);
        }
    }

    void recompute(Connection c, Collection<String> keys, Instant wm) throws SQLException {
        recompute(c, keys, wm, List.of());
    }

    /**
     * Rebuilds the shoppers' journeys and carts from their logs; {@code formerKeys} (merged away) lose their
     * journeys in the same write. Shoppers are handled in key order so concurrent transactions lock rows in
     * the same order.
     */
    void recompute(Connection c, Collection<String> unordered, Instant wm, Collection<String> formerKeys)
            throws SQLException {
        List<String> keys = new ArrayList<>(new java.util.TreeSet<>(unordered));
        Map<String, List<ShopperEvent>> events = store.loadEvents(c, keys);
        List<FunnelDefinition> funnels = definitions.all();
        List<Journey> all = new ArrayList<>();
        Map<String, Instant> timers = new java.util.LinkedHashMap<>();
        for (String key : keys) {
            List<ShopperEvent> ev = events.getOrDefault(key, List.of());
            for (FunnelDefinition f : funnels) {
                all.addAll(journeys.build(f, key, ev));
            }
            CartTracker.Outcome o = carts.replay(key, ev, wm);
            for (Abandonment a : o.abandonments()) {
                String payload = store.write(toContract(a));
                if (store.insertAbandonment(c, a, payload)) {
                    store.enqueue(c, Topics.CHECKOUTS_ABANDONED, key, payload);
                }
            }
            for (Recovery r : o.recoveries()) {
                if (store.insertRecovery(c, r)) {
                    store.enqueue(c, Topics.CHECKOUTS_RECOVERED, key, store.write(toContract(r)));
                }
            }
            timers.put(key, o.nextDue());
        }
        store.setCartTimers(c, timers);
        List<String> cleared = new ArrayList<>(keys);
        cleared.addAll(formerKeys);
        store.replaceJourneys(c, cleared, funnels.stream().map(FunnelDefinition::id).toList(), all);
    }

    /** Moves the merged identifiers' state onto the surviving profile ("profile:<id>"). */
    public void applyMerge(IdentityMerge m) {
        if (m.survivingProfileId() == null) {
            return;
        }
        String canonical = "profile:" + m.survivingProfileId();
        Set<String> keys = new HashSet<>();
        if (m.identifiers() != null) {
            for (String id : m.identifiers()) {
                String key = shopperKeyOf(id);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        if (m.mergedProfileIds() != null) {
            m.mergedProfileIds().forEach(p -> keys.add("profile:" + p));
        }
        keys.add(canonical);
        Instant wm = watermark.current();
        db.tx(c -> {
            Set<String> all = new HashSet<>(keys);
            all.addAll(store.aliases(c, keys).values());
            store.merge(c, all, canonical);
            // the old keys' journeys disappear, the canonical key's are rebuilt from the combined log
            List<String> old = all.stream().filter(k -> !k.equals(canonical)).toList();
            recompute(c, List.of(canonical), wm, old);
            return null;
        });
        outbox.wake();
    }

    /** Remembers which shopper keys a profile has (for erasure). */
    public void applyProfile(ProfileSnapshot p) {
        Set<String> keys = new HashSet<>();
        if (p.anonymousIds() != null) {
            keys.addAll(p.anonymousIds());
        }
        if (p.userIds() != null) {
            keys.addAll(p.userIds());
        }
        db.tx(c -> {
            store.replaceProfileKeys(c, p.profileId(), keys);
            return null;
        });
    }

    /** Erasure on a profile tombstone: identifiers and per-shopper state go, aggregate counts stay. */
    public void erase(String profileId) {
        db.tx(c -> {
            List<String> keys = store.keysOfProfile(c, profileId);
            store.erase(c, keys, profileId);
            LOG.infof("erased funnel state of profile %s (%d keys)", profileId, keys.size());
            return null;
        });
    }

    static String shopperKeyOf(String identifier) {
        int colon = identifier == null ? -1 : identifier.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String type = identifier.substring(0, colon);
        String value = identifier.substring(colon + 1);
        return ("anonymousId".equals(type) || "userId".equals(type)) && !value.isBlank() ? value : null;
    }

    static CheckoutAbandoned toContract(Abandonment a) {
        return new CheckoutAbandoned(a.abandonmentId(), a.shopperKey(), a.anonymousId(), a.userId(), a.cartId(),
                a.checkoutId(), a.stageReached(), a.reason(), a.evidence(), a.cartValue(), a.currency(),
                a.lines().stream().map(FunnelProcessor::toContract).toList(), a.lastActivityAt(), a.abandonedAt());
    }

    static ProductLine toContract(Line l) {
        return new ProductLine(l.productId(), l.sku(), l.name(), l.category(), null, null, l.price(), l.quantity(),
                null, null);
    }

    static CheckoutRecovered toContract(Recovery r) {
        return new CheckoutRecovered(r.abandonmentId(), r.shopperKey(), r.anonymousId(), r.userId(), r.cartId(),
                r.orderId(), r.revenue(), r.currency(), r.orderedAt());
    }
}
