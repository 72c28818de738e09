package io.cartback.importer.ga;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The test oracle: plain counts over GA rows, computed without {@link GaEventMapper}, for end-to-end tests to
 * compare the services' reports against (and for the demo report to show beside them). The definitions follow
 * ../shared/data/README.md: orders = distinct transaction_id, revenue = the largest transaction_revenue_usd of
 * each order, summed. Checkout pages are those of {@link GaEventMapper.CheckoutStep}, matched by page_path on
 * any row of the session (or of the visitor, for the visitor-level counts).
 */
public record GaFacts(
        long rows,
        long sessions,
        long visitors,
        Instant firstEvent,
        Instant lastEvent,
        Map<String, Long> rowsByEventType,
        long orders,
        long ordersWithRevenue,
        BigDecimal revenue,
        long sessionsWithProductView,
        long sessionsWithAddToCart,
        long sessionsWithAddToCartAndNoPurchase,
        long sessionsWithCheckoutRows,
        long sessionsWithCheckoutRowsAndNoPurchase,
        long sessionsWithPurchase,
        Map<String, Long> sessionsReachingCheckoutPage,
        long visitorsWithProductView,
        long visitorsWithAddToCart,
        long visitorsWithPurchase,
        long visitorsWithCheckoutRows,
        Map<String, Long> visitorsReachingCheckoutPage,
        long visitorsOnYourInfoPage) {

    public static GaFacts of(Iterator<GaRow> rows) {
        Accumulator acc = new Accumulator();
        rows.forEachRemaining(acc::add);
        return acc.facts();
    }

    /** Collects the facts row by row, so an importer pass can compute them on the way. */
    public static final class Accumulator {
        private long count;
        private final Set<String> sessions = new HashSet<>();
        private final Set<String> visitors = new HashSet<>();
        private Instant first;
        private Instant last;
        private final Map<String, Long> byType = new TreeMap<>();
        private final Map<String, BigDecimal> revenueByOrder = new HashMap<>();
        private final Set<String> viewSessions = new HashSet<>();
        private final Set<String> addSessions = new HashSet<>();
        private final Set<String> checkoutSessions = new HashSet<>();
        private final Set<String> purchaseSessions = new HashSet<>();
        private final Map<String, Set<String>> pageSessions = new TreeMap<>();
        private final Set<String> viewVisitors = new HashSet<>();
        private final Set<String> addVisitors = new HashSet<>();
        private final Set<String> purchaseVisitors = new HashSet<>();
        private final Set<String> yourInfoVisitors = new HashSet<>();
        private final Set<String> checkoutVisitors = new HashSet<>();
        private final Map<String, Set<String>> pageVisitors = new TreeMap<>();

        public void add(GaRow r) {
            count++;
            sessions.add(r.sessionId());
            visitors.add(r.visitorId());
            if (first == null || r.eventTime().isBefore(first)) {
                first = r.eventTime();
            }
            if (last == null || r.eventTime().isAfter(last)) {
                last = r.eventTime();
            }
            byType.merge(r.eventType(), 1L, Long::sum);
            switch (r.eventType()) {
                case GaRow.PRODUCT_VIEW -> {
                    viewSessions.add(r.sessionId());
                    viewVisitors.add(r.visitorId());
                }
                case GaRow.ADD_TO_CART -> {
                    addSessions.add(r.sessionId());
                    addVisitors.add(r.visitorId());
                }
                case GaRow.CHECKOUT -> {
                    checkoutSessions.add(r.sessionId());
                    checkoutVisitors.add(r.visitorId());
                }
                case GaRow.PURCHASE -> {
                    purchaseSessions.add(r.sessionId());
                    purchaseVisitors.add(r.visitorId());
                    if (r.transactionId() != null) {
                        BigDecimal rev = r.transactionRevenueUsd();
                        revenueByOrder.merge(r.transactionId(), rev == null ? BigDecimal.valueOf(-1) : rev,
                                (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                }
                default -> {
                }
            }
            String page = checkoutPage(r.pagePath());
            if (page != null) {
                pageSessions.computeIfAbsent(page, p -> new HashSet<>()).add(r.sessionId());
                pageVisitors.computeIfAbsent(page, p -> new HashSet<>()).add(r.visitorId());
            }
            if ("/yourinfo.html".equals(r.pagePath())) {
                yourInfoVisitors.add(r.visitorId());
            }
        }

        public long rows() {
            return count;
        }

        public GaFacts facts() {
            BigDecimal revenue = BigDecimal.ZERO;
            long withRevenue = 0;
            for (BigDecimal rev : revenueByOrder.values()) {
                if (rev.signum() >= 0) {
                    revenue = revenue.add(rev);
                    withRevenue++;
                }
            }
            Map<String, Long> reaching = new TreeMap<>();
            pageSessions.forEach((p, s) -> reaching.put(p, (long) s.size()));
            Map<String, Long> visitorsReaching = new TreeMap<>();
            pageVisitors.forEach((p, s) -> visitorsReaching.put(p, (long) s.size()));
            return new GaFacts(count, sessions.size(), visitors.size(), first, last, new TreeMap<>(byType),
                    revenueByOrder.size(), withRevenue, revenue, viewSessions.size(), addSessions.size(),
                    minus(addSessions, purchaseSessions), checkoutSessions.size(),
                    minus(checkoutSessions, purchaseSessions), purchaseSessions.size(), reaching,
                    viewVisitors.size(), addVisitors.size(), purchaseVisitors.size(), checkoutVisitors.size(),
                    visitorsReaching, yourInfoVisitors.size());
        }
    }

    private static String checkoutPage(String path) {
        if (path == null) {
            return null;
        }
        return switch (path) {
            case "/basket.html", "/signin.html", "/register.html", "/guestregister.html", "/yourinfo.html",
                    "/payment.html", "/revieworder.html" -> path;
            default -> null;
        };
    }

    private static long minus(Set<String> a, Set<String> b) {
        return a.stream().filter(x -> !b.contains(x)).count();
    }
}
