package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replays one shopper's events (event time) through a cart and says which carts were abandoned and which
 * abandonments were recovered by a later order, as of a watermark.
 *
 * <p>Rules: Product Added adds lines (quantity 1 when not sent); Product Removed takes quantity off the line
 * with the same SKU, else the same name (shops log size/colour variant SKUs on removes); Cart Viewed and checkout
 * events that carry products replace the lines (they are the shop's own snapshot). Any event is activity. A cart
 * with items and no activity for {@code threshold} is abandoned at last activity + threshold, once that instant is
 * not after the watermark. If the shopper comes back and leaves again, that is a new abandonment (new last
 * activity, new id). An Order Completed (once per order id; duplicates are ignored) empties the cart and recovers
 * every emitted abandonment of the shopper from the last {@code recoveryWindow}.
 */
public final class CartTracker {
    private final Duration threshold;
    private final Duration recoveryWindow;
    private final Duration sessionGap;
    private final ReasonRules reasons;
    private final FunnelDefinition stages = FunnelDefinition.defaultCheckout();

    public CartTracker(Duration threshold, Duration recoveryWindow, Duration sessionGap, ReasonRules reasons) {
        this.threshold = threshold;
        this.recoveryWindow = recoveryWindow;
        this.sessionGap = sessionGap;
        this.reasons = reasons;
    }

    public Duration threshold() {
        return threshold;
    }

    /** What happened to the shopper's carts as of {@code watermark}, and when the next abandonment is due. */
    public record Outcome(List<Abandonment> abandonments, List<Recovery> recoveries, Instant nextDue) {
    }

    public Outcome replay(String shopperKey, List<ShopperEvent> events, Instant watermark) {
        List<ShopperEvent> ordered = new ArrayList<>(events);
        ordered.sort(ShopperEvent.ORDER);
        Cart cart = new Cart();
        List<Abandonment> abandoned = new ArrayList<>();
        List<Recovery> recovered = new ArrayList<>();
        Set<String> orders = new HashSet<>();
        Instant nextDue = null;
        Instant lastActivity = null;
        String anonymousId = null;
        String userId = null;
        List<ShopperEvent> recent = new ArrayList<>();
        for (ShopperEvent e : ordered) {
            if (lastActivity != null && !cart.lines.isEmpty()
                    && Duration.between(lastActivity, e.at()).compareTo(threshold) >= 0) {
                Instant due = lastActivity.plus(threshold);
                if (!due.isAfter(watermark)) {
                    abandoned.add(abandon(shopperKey, anonymousId, userId, cart, recent, lastActivity));
                } else if (nextDue == null) {
                    nextDue = due;
                }
            }
            if (lastActivity != null && Duration.between(lastActivity, e.at()).compareTo(sessionGap) >= 0) {
                recent.clear();
            }
            recent.add(e);
            anonymousId = e.anonymousId() != null ? e.anonymousId() : anonymousId;
            userId = e.userId() != null ? e.userId() : userId;
            lastActivity = e.at();
            if (e.is("Order Completed")) {
                String orderId = e.cart() == null || e.cart().orderId() == null ? e.messageId() : e.cart().orderId();
                if (!orders.add(orderId)) {
                    continue;
                }
                for (Abandonment a : abandoned) {
                    boolean alreadyRecovered = recovered.stream().anyMatch(r -> r.abandonmentId().equals(a.abandonmentId()));
                    if (!alreadyRecovered && a.abandonedAt().isBefore(e.at())
                            && !a.abandonedAt().plus(recoveryWindow).isBefore(e.at())) {
                        CartData c = e.cart();
                        BigDecimal revenue = c == null ? null : firstNonNull(c.revenue(), c.total(), c.value());
                        recovered.add(new Recovery(a.abandonmentId(), shopperKey, anonymousId, userId, a.cartId(),
                                orderId, revenue, c == null ? a.currency() : firstNonNull(c.currency(), a.currency()),
                                e.at()));
                    }
                }
                cart = new Cart();
                continue;
            }
            cart.apply(e, stages);
        }
        if (lastActivity != null && !cart.lines.isEmpty()) {
            Instant due = lastActivity.plus(threshold);
            if (!due.isAfter(watermark)) {
                abandoned.add(abandon(shopperKey, anonymousId, userId, cart, recent, lastActivity));
            } else if (nextDue == null) {
                nextDue = due;
            }
        }
        return new Outcome(abandoned, recovered, nextDue);
    }

    private Abandonment abandon(String shopperKey, String anonymousId, String userId, Cart cart,
                                List<ShopperEvent> recent, Instant lastActivity) {
        String stageId = stages.steps().get(Math.max(cart.stage, 1)).id();
        String label = stages.steps().get(Math.max(cart.stage, 1)).label();
        ReasonRules.Verdict v = reasons.classify(stageId, label, recent);
        String cartId = cart.cartId != null ? cart.cartId
                : "cart-" + shortHash(cart.firstMessageId);
        // no shopper key in the id: an identity merge re-keys the shopper but must not re-announce the cart
        String id = "ab-" + shortHash(cartId + "|" + lastActivity.toEpochMilli());
        return new Abandonment(id, shopperKey, anonymousId, userId, cartId, cart.checkoutId, stageId, v.reason(),
                v.evidence(), cart.value(), cart.currency, List.copyOf(cart.lines.values()), lastActivity,
                lastActivity.plus(threshold));
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    public static String shortHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Cart {
        final Map<String, Line> lines = new LinkedHashMap<>();
        String cartId;
        String checkoutId;
        String currency;
        BigDecimal explicitValue;
        int stage = 1;
        Instant firstAddedAt;
        String firstMessageId;

        void apply(ShopperEvent e, FunnelDefinition stages) {
            CartData c = e.cart();
            if (c != null) {
                cartId = c.cartId() != null ? c.cartId() : cartId;
                checkoutId = c.checkoutId() != null ? c.checkoutId() : checkoutId;
                currency = c.currency() != null ? c.currency() : currency;
            }
            if (e.is("Product Added") && c != null) {
                for (Line l : c.lines()) {
                    long q = l.quantity() <= 0 ? 1 : l.quantity();
                    lines.merge(l.key(), l.withQuantity(q), (a, b) -> a.withQuantity(a.quantity() + b.quantity()));
                }
                if (firstAddedAt == null && !lines.isEmpty()) {
                    firstAddedAt = e.at();
                    firstMessageId = e.messageId();
                }
            } else if (e.is("Product Removed") && c != null) {
                for (Line l : c.lines()) {
                    remove(l);
                }
            } else if (c != null && !c.lines().isEmpty()
                    && (e.is("Cart Viewed") || ReasonRules.isCheckoutEvent(e))) {
                lines.clear();
                for (Line l : c.lines()) {
                    long q = l.quantity() <= 0 ? 1 : l.quantity();
                    lines.merge(l.key(), l.withQuantity(q), (a, b) -> a.withQuantity(a.quantity() + b.quantity()));
                }
                if (firstAddedAt == null) {
                    firstAddedAt = e.at();
                    firstMessageId = e.messageId();
                }
                BigDecimal v = firstNonNull(c.subtotal(), c.value(), c.total());
                explicitValue = v != null ? v : explicitValue;
            }
            if (lines.isEmpty()) {
                firstAddedAt = null;
                firstMessageId = null;
                stage = 1;
                explicitValue = null;
                return;
            }
            for (int j = 2; j < stages.size() - 1; j++) {
                if (j > stage && stages.steps().get(j).matches(e)) {
                    stage = j;
                }
            }
        }

        private void remove(Line l) {
            long q = l.quantity() <= 0 ? 1 : l.quantity();
            Line cur = lines.get(l.key());
            String key = l.key();
            if (cur == null && l.name() != null) {
                for (Iterator<Map.Entry<String, Line>> it = lines.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<String, Line> en = it.next();
                    if (l.name().equalsIgnoreCase(en.getValue().name())) {
                        cur = en.getValue();
                        key = en.getKey();
                        break;
                    }
                }
            }
            if (cur == null) {
                return;
            }
            if (cur.quantity() <= q) {
                lines.remove(key);
            } else {
                lines.put(key, cur.withQuantity(cur.quantity() - q));
            }
        }

        BigDecimal value() {
            BigDecimal sum = BigDecimal.ZERO;
            boolean priced = false;
            for (Line l : lines.values()) {
                if (l.price() != null) {
                    priced = true;
                    sum = sum.add(l.lineTotal());
                }
            }
            return priced ? sum : explicitValue;
        }
    }
}
