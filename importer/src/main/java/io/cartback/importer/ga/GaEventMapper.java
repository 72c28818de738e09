package io.cartback.importer.ga;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import io.cartback.importer.SegmentCall;

/**
 * THE place where Google Analytics rows become Segment E-commerce Spec v2 calls. docs/ga-mapping.md is the prose
 * version of this class; change both together.
 *
 * <p>Feed it the hits of the import window in file (event-time) order; it keeps, per visitor, the cart as the
 * rows reveal it (adds, removes, and the whole cart repeated on every checkout hit) and, per session, whether
 * checkout was started and payment info entered. Orders come from a {@link GaOrderBook} filled by a first pass
 * over the same hits. Not thread-safe.
 */
public final class GaEventMapper {

    public static final String CURRENCY = "USD";
    /** Generated addresses use the reserved example domain (RFC 2606): nothing can ever be delivered to them. */
    public static final String EMAIL_DOMAIN = "example.com";
    /** Quantities above this are logging errors in the source (up to 10^16); they become 1. */
    public static final long MAX_PLAUSIBLE_QUANTITY = 1000;
    static final String LIBRARY = "cartback-importer";
    static final String NOT_SET = "(not set)";

    /** The checkout steps, numbered as the shop's checkout pages follow each other. */
    public enum CheckoutStep {
        ACCOUNT(1, "account"), SHIPPING(2, "shipping"), PAYMENT(3, "payment"), REVIEW(4, "review");

        public final int number;
        public final String stepName;

        CheckoutStep(int number, String stepName) {
            this.number = number;
            this.stepName = stepName;
        }

        /** The step a page path belongs to, or null when it is not a checkout page. */
        public static CheckoutStep ofPage(String path) {
            if (path == null) {
                return null;
            }
            return switch (path) {
                case "/signin.html", "/register.html", "/guestregister.html" -> ACCOUNT;
                case "/yourinfo.html" -> SHIPPING;
                case "/payment.html" -> PAYMENT;
                case "/revieworder.html" -> REVIEW;
                default -> null;
            };
        }
    }

    public static final String BASKET_PAGE = "/basket.html";

    private final GaOrderBook orders;
    private final Map<String, Map<String, CartLine>> carts = new HashMap<>();
    private final Map<String, SessionState> sessions = new HashMap<>();
    private final Set<String> identified = new HashSet<>();
    private final Set<String> ordersSent = new HashSet<>();
    private final Map<String, BigDecimal> unitPrices = new HashMap<>();
    private final Map<String, Long> callsByEvent = new TreeMap<>();

    private long rows;
    private long hits;
    private long calls;
    private long duplicatePurchaseHits;
    private long purchaseHitsWithoutOrderId;
    private long ordersWithoutRevenue;
    private long purchaseQuantitiesAssumed;
    private long checkoutCartRepeats;
    private long checkoutPricesReplaced;
    private long checkoutLineTotalsDivided;
    private long checkoutQuantitiesFromCart;
    private long checkoutQuantitiesAssumed;
    private long removesMatchedByName;
    private long removesUnmatched;
    private long absurdQuantities;
    private long nonPositiveQuantities;
    private long zeroPricesRepriced;
    private long zeroPricesUnknown;
    private long generatedEmails;

    public GaEventMapper(GaOrderBook orders) {
        this.orders = Objects.requireNonNull(orders);
    }

    /**
     * What stands for a session in message ids and {@code checkout_id}: the first 20 hex digits (80 bits) of
     * SHA-256 of {@code session_id}. GA's session id starts with the visitor id, which is the shopper's anonymousId;
     * ids that embedded it kept an erased visitor's id in every idempotency table (ingest's dedupe window,
     * profile-service's processed messages, funnel's checkout ids) after a GDPR erasure. A hash, not a counter, so a
     * re-import produces the same ids and is deduplicated. Not keyed: someone holding the visitor id and the visit's
     * start time can recompute it (the tables that hold message ids forget them within days; see ga-mapping.md).
     */
    public static String sessionRef(String sessionId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The generated address for a visitor: {@code v<visitor_id>@example.com}. */
    public static String generatedEmail(String visitorId) {
        return "v" + visitorId + "@" + EMAIL_DOMAIN;
    }

    /** Maps one hit (its rows, as grouped by {@link GaHits}) to zero or more calls, in the order to send them. */
    public List<SegmentCall> map(List<GaRow> hit) {
        GaRow first = hit.get(0);
        rows += hit.size();
        hits++;
        Hit h = new Hit(first, context(first));
        switch (first.eventType()) {
            case GaRow.PAGE_VIEW -> pageView(h);
            case GaRow.PRODUCT_LIST_CLICK -> perProduct(h, hit, "Product Clicked");
            case GaRow.PRODUCT_VIEW -> perProduct(h, hit, "Product Viewed");
            case GaRow.ADD_TO_CART -> added(h, hit);
            case GaRow.REMOVE_FROM_CART -> removed(h, hit);
            case GaRow.CHECKOUT -> checkout(h, hit);
            case GaRow.PURCHASE -> purchase(h, hit);
            default -> throw new GaFormatException("line " + first.line() + ": unknown event_type '"
                    + first.eventType() + "'");
        }
        for (SegmentCall call : h.out) {
            String key = call.type().equals("track") ? call.event() : call.type();
            callsByEvent.merge(key, 1L, Long::sum);
        }
        calls += h.out.size();
        return h.out;
    }

    public ImportStats stats() {
        return new ImportStats(rows, hits, calls, Collections.unmodifiableMap(new TreeMap<>(callsByEvent)),
                duplicatePurchaseHits, purchaseHitsWithoutOrderId, ordersWithoutRevenue, purchaseQuantitiesAssumed,
                checkoutCartRepeats, checkoutPricesReplaced, checkoutLineTotalsDivided, checkoutQuantitiesFromCart,
                checkoutQuantitiesAssumed, removesMatchedByName, removesUnmatched, absurdQuantities,
                nonPositiveQuantities, zeroPricesRepriced, zeroPricesUnknown, generatedEmails);
    }

    // --- per event type

    private void pageView(Hit h) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("path", h.row.pagePath());
        h.out.add(SegmentCall.page(null, h.row.visitorId(), h.row.eventTime(), h.id("page"), props, h.context));
        if (BASKET_PAGE.equals(h.row.pagePath())) {
            Map<String, Object> cartProps = new LinkedHashMap<>();
            cartProps.put("products", products(cart(h.row.visitorId()).values()));
            cartProps.put("currency", CURRENCY);
            h.track("Cart Viewed", "cart-viewed", cartProps);
        }
        CheckoutStep step = CheckoutStep.ofPage(h.row.pagePath());
        if (step != null) {
            checkoutStarted(h);
            stepViewed(h, step);
        }
    }

    private void perProduct(Hit h, List<GaRow> hit, String event) {
        for (GaRow row : hit) {
            Map<String, Object> props = product(row.productSku(), row.productSku(), row.productName(),
                    row.productCategory(), unitPrice(row), quantity(row.quantity()), null);
            props.put("currency", CURRENCY);
            h.track(event, "p" + productIndex(row), props);
        }
    }

    private void added(Hit h, List<GaRow> hit) {
        Map<String, CartLine> cart = cartForUpdate(h.row.visitorId());
        for (GaRow row : hit) {
            BigDecimal price = unitPrice(row);
            Long qty = quantity(row.quantity());
            Map<String, Object> props = product(row.productSku(), row.productSku(), row.productName(),
                    row.productCategory(), price, qty, null);
            props.put("currency", CURRENCY);
            h.track("Product Added", "p" + productIndex(row), props);
            long add = qty == null ? 1 : qty;
            CartLine line = cart.get(cartKey(row));
            if (line == null) {
                cart.put(cartKey(row), new CartLine(row.productSku(), row.productName(), category(row), price, add));
            } else {
                line.quantity += add;
                if (price != null) {
                    line.price = price;
                }
            }
        }
    }

    private void removed(Hit h, List<GaRow> hit) {
        Map<String, CartLine> cart = cart(h.row.visitorId());
        for (GaRow row : hit) {
            BigDecimal price = unitPrice(row);
            Long qty = quantity(row.quantity());
            CartLine line = cart.get(cartKey(row));
            Map<String, Object> props;
            if (line == null) {
                removesUnmatched++;
                props = product(row.productSku(), row.productSku(), row.productName(), row.productCategory(), price,
                        qty, null);
            } else {
                boolean variant = row.productSku() != null && !row.productSku().equals(line.sku);
                if (variant) {
                    removesMatchedByName++;
                }
                // product_id/sku name the line that is in the cart, so downstream carts match; the logged
                // variant SKU is kept as `variant`.
                props = product(line.sku, line.sku, row.productName(), row.productCategory(), price, qty,
                        variant ? row.productSku() : null);
                long left = qty == null ? 0 : line.quantity - qty;
                if (left <= 0) {
                    cart.remove(cartKey(row));
                    if (cart.isEmpty()) {
                        carts.remove(h.row.visitorId());
                    }
                } else {
                    line.quantity = left;
                }
            }
            props.put("currency", CURRENCY);
            h.track("Product Removed", "p" + productIndex(row), props);
        }
    }

    private void checkout(Hit h, List<GaRow> hit) {
        Map<String, CartLine> old = cart(h.row.visitorId());
        Map<String, CartLine> now = new LinkedHashMap<>();
        for (GaRow row : hit) {
            Long qty = quantity(row.quantity());
            if (qty == null) {
                CartLine before = old.get(cartKey(row));
                if (before != null) {
                    qty = before.quantity;
                    checkoutQuantitiesFromCart++;
                } else {
                    qty = 1L;
                    checkoutQuantitiesAssumed++;
                }
            }
            BigDecimal price = checkoutUnitPrice(row, old.get(cartKey(row)));
            CartLine line = now.get(cartKey(row));
            if (line == null) {
                now.put(cartKey(row), new CartLine(row.productSku(), row.productName(), category(row), price, qty));
            } else {
                line.quantity += qty;
            }
        }
        if (sameCart(old, now)) {
            checkoutCartRepeats++;
        }
        if (now.isEmpty()) {
            carts.remove(h.row.visitorId());
        } else {
            carts.put(h.row.visitorId(), now);
        }
        checkoutStarted(h);
        CheckoutStep step = CheckoutStep.ofPage(h.row.pagePath());
        if (step != null) {
            stepViewed(h, step);
        }
    }

    private void purchase(Hit h, List<GaRow> hit) {
        String orderId = h.row.transactionId();
        if (orderId == null) {
            purchaseHitsWithoutOrderId++;
            return;
        }
        if (!ordersSent.add(orderId)) {
            duplicatePurchaseHits++;
            return;
        }
        GaOrderBook.Order order = orders.get(orderId);
        if (order == null) {
            // the first pass did not see this hit: learn the order from it alone
            GaOrderBook single = new GaOrderBook();
            single.add(hit);
            order = single.get(orderId);
        }
        List<Map<String, Object>> products = new ArrayList<>();
        for (GaRow row : order.lines()) {
            Long qty = quantity(row.quantity());
            if (qty == null) {
                qty = 1L;
                purchaseQuantitiesAssumed++;
            }
            products.add(product(row.productSku(), row.productSku(), row.productName(), row.productCategory(),
                    unitPrice(row), qty, null));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("order_id", orderId);
        props.put("checkout_id", h.sessionRef);
        if (order.revenue() == null) {
            ordersWithoutRevenue++;
        } else {
            props.put("revenue", order.revenue());
            props.put("total", order.revenue());
        }
        props.put("currency", CURRENCY);
        props.put("products", products);
        h.track("Order Completed", "order", props);
        carts.remove(h.row.visitorId());
        sessions.remove(h.row.sessionId());
    }

    // --- checkout flow

    /** Checkout Started once per session (again after an order), at the first checkout hit with a known cart. */
    private void checkoutStarted(Hit h) {
        SessionState state = sessions.computeIfAbsent(h.row.sessionId(), s -> new SessionState());
        Map<String, CartLine> cart = cart(h.row.visitorId());
        if (state.checkoutStarted || cart.isEmpty()) {
            return;
        }
        state.checkoutStarted = true;
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("checkout_id", h.sessionRef);
        BigDecimal value = value(cart.values());
        if (value != null) {
            props.put("value", value);
        }
        props.put("currency", CURRENCY);
        props.put("products", products(cart.values()));
        h.track("Checkout Started", "checkout-started", props);
    }

    private void stepViewed(Hit h, CheckoutStep step) {
        SessionState state = sessions.computeIfAbsent(h.row.sessionId(), s -> new SessionState());
        h.track("Checkout Step Viewed", "step", stepProps(h, step));
        if (step == CheckoutStep.SHIPPING && identified.add(h.row.visitorId())) {
            Map<String, Object> traits = new LinkedHashMap<>();
            traits.put("email", generatedEmail(h.row.visitorId()));
            h.out.add(SegmentCall.identify(h.row.visitorId(), h.row.eventTime(), h.id("identify"), traits,
                    h.context));
            generatedEmails++;
        }
        if (step == CheckoutStep.PAYMENT && !state.paymentInfoEntered) {
            state.paymentInfoEntered = true;
            h.track("Payment Info Entered", "payment-info", stepProps(h, step));
        }
    }

    private static Map<String, Object> stepProps(Hit h, CheckoutStep step) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("checkout_id", h.sessionRef);
        props.put("step", step.number);
        props.put("step_name", step.stepName);
        return props;
    }

    // --- quirk rules

    private Long quantity(Long logged) {
        if (logged == null) {
            return null;
        }
        if (logged > MAX_PLAUSIBLE_QUANTITY) {
            absurdQuantities++;
            return 1L;
        }
        if (logged <= 0) {
            nonPositiveQuantities++;
            return 1L;
        }
        return logged;
    }

    /** Unit price of a click/view/add/remove/purchase row; remembers it as the SKU's last seen unit price. */
    private BigDecimal unitPrice(GaRow row) {
        BigDecimal p = row.priceUsd();
        if (p == null) {
            return null;
        }
        if (p.signum() == 0) {
            BigDecimal known = row.productSku() == null ? null : unitPrices.get(row.productSku());
            if (known == null) {
                zeroPricesUnknown++;
            } else {
                zeroPricesRepriced++;
            }
            return known;
        }
        if (row.productSku() != null) {
            unitPrices.put(row.productSku(), p);
        }
        return p;
    }

    /**
     * Checkout rows may log the line total: the SKU's last seen unit price wins, then the tracked cart line's
     * price, then price / quantity when a quantity over 1 is logged, then the logged price.
     */
    private BigDecimal checkoutUnitPrice(GaRow row, CartLine inCart) {
        BigDecimal p = row.priceUsd();
        BigDecimal known = row.productSku() == null ? null : unitPrices.get(row.productSku());
        if (known != null) {
            if (p != null && p.compareTo(known) != 0) {
                checkoutPricesReplaced++;
            }
            return known;
        }
        if (inCart != null && inCart.price != null) {
            return inCart.price;
        }
        if (p == null) {
            return null;
        }
        if (p.signum() == 0) {
            zeroPricesUnknown++;
            return null;
        }
        Long q = row.quantity();
        if (q != null && q > 1 && q <= MAX_PLAUSIBLE_QUANTITY) {
            checkoutLineTotalsDivided++;
            return p.divide(BigDecimal.valueOf(q), 2, RoundingMode.HALF_UP);
        }
        return p;
    }

    // --- helpers

    /** The visitor's tracked cart; empty (and not stored) for a visitor with no cart. */
    private Map<String, CartLine> cart(String visitorId) {
        return carts.getOrDefault(visitorId, Map.of());
    }

    private Map<String, CartLine> cartForUpdate(String visitorId) {
        return carts.computeIfAbsent(visitorId, v -> new LinkedHashMap<>());
    }

    /** Cart lines are keyed by product name: removes often name a size/colour variant SKU of the added product. */
    private static String cartKey(GaRow row) {
        return row.productName() != null ? "n:" + row.productName() : "s:" + row.productSku();
    }

    private static String category(GaRow row) {
        return NOT_SET.equals(row.productCategory()) ? null : row.productCategory();
    }

    private static int productIndex(GaRow row) {
        return row.productIndex() == null ? 1 : row.productIndex();
    }

    private static boolean sameCart(Map<String, CartLine> a, Map<String, CartLine> b) {
        if (a.size() != b.size() || a.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, CartLine> e : a.entrySet()) {
            CartLine other = b.get(e.getKey());
            if (other == null || other.quantity != e.getValue().quantity) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Object> product(String productId, String sku, String name, String category,
            BigDecimal price, Long quantity, String variant) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("product_id", productId);
        p.put("sku", sku);
        p.put("name", name);
        if (category != null && !NOT_SET.equals(category)) {
            p.put("category", category);
        }
        if (variant != null) {
            p.put("variant", variant);
        }
        if (price != null) {
            p.put("price", price);
        }
        if (quantity != null) {
            p.put("quantity", quantity);
        }
        p.values().removeIf(Objects::isNull);
        return p;
    }

    private static List<Map<String, Object>> products(Iterable<CartLine> lines) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (CartLine l : lines) {
            out.add(product(l.sku, l.sku, l.name, l.category, l.price, l.quantity, null));
        }
        return out;
    }

    private static BigDecimal value(Iterable<CartLine> lines) {
        BigDecimal sum = BigDecimal.ZERO;
        boolean any = false;
        for (CartLine l : lines) {
            if (l.price != null) {
                sum = sum.add(l.price.multiply(BigDecimal.valueOf(l.quantity)));
                any = true;
            }
        }
        return any ? sum : null;
    }

    private static Map<String, Object> context(GaRow row) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        if (row.deviceCategory() != null) {
            ctx.put("device", Map.of("type", row.deviceCategory()));
        }
        if (row.channelGrouping() != null) {
            ctx.put("campaign", Map.of("source", row.channelGrouping()));
        }
        if (row.country() != null && !NOT_SET.equals(row.country())) {
            ctx.put("location", Map.of("country", row.country()));
        }
        if (row.pagePath() != null) {
            ctx.put("page", Map.of("path", row.pagePath()));
        }
        ctx.put("library", Map.of("name", LIBRARY));
        return Collections.unmodifiableMap(ctx);
    }

    private static final class CartLine {
        final String sku;
        final String name;
        final String category;
        BigDecimal price;
        long quantity;

        CartLine(String sku, String name, String category, BigDecimal price, long quantity) {
            this.sku = sku;
            this.name = name;
            this.category = category;
            this.price = price;
            this.quantity = quantity;
        }
    }

    private static final class SessionState {
        boolean checkoutStarted;
        boolean paymentInfoEntered;
    }

    /** One hit being mapped: its first row, shared context and the calls produced so far. */
    private static final class Hit {
        final GaRow row;
        final Map<String, Object> context;
        final List<SegmentCall> out = new ArrayList<>(2);

        final String sessionRef;

        Hit(GaRow row, Map<String, Object> context) {
            this.row = row;
            this.context = context;
            this.sessionRef = sessionRef(row.sessionId());
        }

        /** messageId = ga-&lt;session ref&gt;-&lt;hit_number&gt;-&lt;part&gt;: stable across re-imports. */
        String id(String part) {
            return "ga-" + sessionRef + "-" + row.hitNumber() + "-" + part;
        }

        void track(String event, String part, Map<String, Object> props) {
            Instant t = row.eventTime();
            out.add(SegmentCall.track(event, row.visitorId(), t, id(part), props, context));
        }
    }
}
