package io.cartback.importer.ga;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a first pass over the rows learns about each order (transaction_id), so that Order Completed can be sent
 * once, at the order's first purchase hit, and still be complete: GA logs an order on two or more purchase hits,
 * one carrying {@code transaction_revenue_usd} and the quantities, the other(s) not, and when the revenue is
 * logged on several hits the figures can differ.
 *
 * <ul>
 * <li>revenue = the largest {@code transaction_revenue_usd} on any of the order's rows (null when never logged);
 * <li>lines = the product rows of the order's first hit whose rows carry quantities, else of its first hit.
 * </ul>
 */
public final class GaOrderBook {

    /** One order as learnt from all its purchase hits. */
    public record Order(String transactionId, BigDecimal revenue, List<GaRow> lines) {
    }

    private final Map<String, Order> orders = new HashMap<>();

    /** Feeds one hit (all rows of it); non-purchase hits are ignored. */
    public void add(List<GaRow> hit) {
        GaRow first = hit.get(0);
        if (!GaRow.PURCHASE.equals(first.eventType()) || first.transactionId() == null) {
            return;
        }
        BigDecimal revenue = null;
        boolean quantities = false;
        for (GaRow row : hit) {
            if (row.transactionRevenueUsd() != null
                    && (revenue == null || row.transactionRevenueUsd().compareTo(revenue) > 0)) {
                revenue = row.transactionRevenueUsd();
            }
            quantities |= row.quantity() != null;
        }
        Order known = orders.get(first.transactionId());
        if (known == null) {
            orders.put(first.transactionId(), new Order(first.transactionId(), revenue, List.copyOf(hit)));
            return;
        }
        BigDecimal max = known.revenue() == null ? revenue
                : revenue == null || known.revenue().compareTo(revenue) >= 0 ? known.revenue() : revenue;
        boolean knownHasQuantities = known.lines().stream().anyMatch(r -> r.quantity() != null);
        List<GaRow> lines = !knownHasQuantities && quantities ? List.copyOf(hit) : known.lines();
        orders.put(first.transactionId(), new Order(first.transactionId(), max, lines));
    }

    public Order get(String transactionId) {
        return orders.get(transactionId);
    }

    public int size() {
        return orders.size();
    }
}
