package io.cartback.profile.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shopper's current cart, rebuilt from events in event time.
 *
 * <p>Rules (see profile-service/README.md):
 * <ul>
 *   <li>Product Added adds its quantity (missing = 1) to the line; a quantity of 0 or less is ignored.</li>
 *   <li>Product Removed without a quantity removes the line; with a positive quantity it subtracts it and the
 *       line goes when it reaches 0; a quantity of 0 or less is ignored.</li>
 *   <li>Cart Viewed and Checkout Started with a product list are the authoritative cart at their time: they
 *       replace every line that was not changed after them. Lines with quantity 0 or less are dropped; a
 *       missing quantity counts as 1.</li>
 *   <li>Order Completed clears every line not changed after the order.</li>
 *   <li>The last snapshot or order is the <em>baseline</em>: any cart event older than it is late and
 *       ignored, because the baseline already says what the cart held at that time.</li>
 * </ul>
 */
public final class Cart {
    private final Map<String, CartLine> lines = new LinkedHashMap<>();
    private Instant baselineAt;
    private Instant updatedAt;
    private String currency;

    public Cart() {
    }

    public Cart(List<CartLine> lines, Instant baselineAt, Instant updatedAt, String currency) {
        for (CartLine l : lines) {
            this.lines.put(l.product().lineKey(), l);
        }
        this.baselineAt = baselineAt;
        this.updatedAt = updatedAt;
        this.currency = currency;
    }

    /** Lines in the order they were first added. */
    public List<CartLine> lines() {
        return List.copyOf(lines.values());
    }

    public Instant baselineAt() {
        return baselineAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public String currency() {
        return currency;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    private boolean late(Instant at) {
        return baselineAt != null && at.isBefore(baselineAt);
    }

    /** @return whether the cart changed */
    public boolean add(Product p, Instant at, String eventCurrency) {
        String key = p.lineKey();
        long q = p.quantity() == null ? 1 : p.quantity();
        if (key == null || q <= 0 || late(at)) {
            return false;
        }
        CartLine old = lines.get(key);
        if (old == null) {
            lines.put(key, new CartLine(p.withQuantity(null), q, at));
        } else {
            boolean newer = !at.isBefore(old.touchedAt());
            Product product = newer ? p.withQuantity(null) : old.product();
            lines.put(key, new CartLine(product, Math.addExact(old.quantity(), q), newer ? at : old.touchedAt()));
        }
        touched(at, eventCurrency);
        return true;
    }

    /** @return whether the cart changed */
    public boolean remove(Product p, Instant at, String eventCurrency) {
        String key = p.lineKey();
        if (key == null || late(at) || (p.quantity() != null && p.quantity() <= 0)) {
            return false;
        }
        CartLine old = lines.get(key);
        if (old == null) {
            return false;
        }
        long left = p.quantity() == null ? 0 : old.quantity() - p.quantity();
        if (left <= 0) {
            lines.remove(key);
        } else {
            lines.put(key, new CartLine(old.product(), left, at.isAfter(old.touchedAt()) ? at : old.touchedAt()));
        }
        touched(at, eventCurrency);
        return true;
    }

    /** An authoritative list of what the cart holds at {@code at}. @return whether it was applied */
    public boolean replace(List<Product> snapshot, Instant at, String eventCurrency) {
        if (late(at)) {
            return false;
        }
        Map<String, CartLine> next = new LinkedHashMap<>();
        for (Product p : snapshot) {
            String key = p.lineKey();
            long q = p.quantity() == null ? 1 : p.quantity();
            if (key == null || q <= 0) {
                continue;
            }
            CartLine same = next.get(key);
            next.put(key, new CartLine(p.withQuantity(null), same == null ? q : Math.addExact(same.quantity(), q), at));
        }
        // lines changed after the snapshot (events that arrived before it but happened later) survive it
        for (Map.Entry<String, CartLine> e : lines.entrySet()) {
            if (e.getValue().touchedAt().isAfter(at)) {
                next.put(e.getKey(), e.getValue());
            }
        }
        lines.clear();
        lines.putAll(next);
        baselineAt = at;
        touched(at, eventCurrency);
        return true;
    }

    /** The order took what the cart held at {@code at}. @return whether it was applied */
    public boolean orderCompleted(Instant at) {
        if (late(at)) {
            return false;
        }
        lines.values().removeIf(l -> !l.touchedAt().isAfter(at));
        baselineAt = at;
        touched(at, null);
        return true;
    }

    private void touched(Instant at, String eventCurrency) {
        if (updatedAt == null || !at.isBefore(updatedAt)) {
            updatedAt = at;
            if (eventCurrency != null) {
                currency = eventCurrency;
            }
        } else if (currency == null && eventCurrency != null) {
            currency = eventCurrency;
        }
    }

    /**
     * The merge rule when two profiles meet (e.g. a guest cart and the account's cart at login): the union of
     * both carts' lines; when both hold the same product, the line that changed last wins as a whole (its
     * quantity is not added to the other's: the same cart synced to two devices would otherwise double). Ties go
     * to this (the surviving) cart. Currency and updatedAt come from the cart that changed last.
     */
    public void mergeFrom(Cart other) {
        for (Map.Entry<String, CartLine> e : other.lines.entrySet()) {
            CartLine mine = lines.get(e.getKey());
            if (mine == null || e.getValue().touchedAt().isAfter(mine.touchedAt())) {
                lines.put(e.getKey(), e.getValue());
            }
        }
        if (other.baselineAt != null && (baselineAt == null || other.baselineAt.isAfter(baselineAt))) {
            baselineAt = other.baselineAt;
        }
        if (other.updatedAt != null && (updatedAt == null || other.updatedAt.isAfter(updatedAt))) {
            updatedAt = other.updatedAt;
            currency = other.currency != null ? other.currency : currency;
        } else if (currency == null) {
            currency = other.currency;
        }
        List<Map.Entry<String, CartLine>> sorted = new ArrayList<>(lines.entrySet());
        sorted.sort(Comparator.comparing(en -> en.getValue().touchedAt()));
        lines.clear();
        sorted.forEach(en -> lines.put(en.getKey(), en.getValue()));
    }

    public void clearAll() {
        lines.clear();
    }
}
