package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks up to N products from the browsing history for a cart below the free-shipping threshold.
 *
 * <p>Rule: candidates are viewed products with a price in the cart's currency (or without currency), not in the
 * cart, not bought before, one per product id. Products that close the gap on their own come first, cheapest
 * first (the smallest extra spend that unlocks free shipping); then the rest, most recently viewed first. With
 * no gap (no offer, or already qualifying) the order is simply most recently viewed first.
 */
public final class Recommender {
    private Recommender() {
    }

    public static List<ViewedProduct> choose(List<ViewedProduct> history, Cart cart, Set<String> purchased,
            BigDecimal gap, int max, String currency) {
        if (max <= 0 || history == null) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        List<ViewedProduct> candidates = new ArrayList<>();
        for (ViewedProduct p : history) {
            if (p.productId() == null || p.price() == null || p.price().signum() <= 0) {
                continue;
            }
            if (p.currency() != null && currency != null && !p.currency().equalsIgnoreCase(currency)) {
                continue;
            }
            if (cart.contains(p.productId()) || purchased.contains(p.productId()) || !seen.add(p.productId())) {
                continue;
            }
            candidates.add(p);
        }
        // history is newest first; keep that as the tie breaker (stable sort)
        List<ViewedProduct> result = new ArrayList<>();
        if (gap != null && gap.signum() > 0) {
            candidates.stream().filter(p -> p.price().compareTo(gap) >= 0)
                    .sorted(Comparator.comparing(ViewedProduct::price))
                    .forEach(result::add);
            candidates.stream().filter(p -> p.price().compareTo(gap) < 0).forEach(result::add);
        } else {
            result.addAll(candidates);
        }
        return List.copyOf(result.subList(0, Math.min(max, result.size())));
    }
}
