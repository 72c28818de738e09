package io.cartback.ingest.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;

/**
 * Reads the Segment E-commerce Spec v2 properties of a track call into the typed {@link Commerce} record.
 * Single-product events carry their product at the top level of properties; it becomes the only line.
 */
public final class CommerceReader {
    /** Spec v2 events (and the two checkout-step events with step/step_name). */
    public static final Set<String> ECOMMERCE_EVENTS = Set.of(
            "Products Searched", "Product List Viewed", "Product List Filtered", "Promotion Viewed",
            "Promotion Clicked", "Product Clicked", "Product Viewed", "Product Added", "Product Removed",
            "Cart Viewed", "Checkout Started", "Checkout Step Viewed", "Checkout Step Completed",
            "Payment Info Entered", "Order Updated", "Order Completed", "Order Refunded", "Order Cancelled",
            "Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed", "Product Added to Wishlist",
            "Product Removed from Wishlist", "Cart Shared", "Product Shared", "Product Reviewed");

    private static final Set<String> SINGLE_PRODUCT_EVENTS = Set.of("Product Viewed", "Product Added",
            "Product Removed", "Product Clicked", "Product Added to Wishlist", "Product Removed from Wishlist",
            "Product Shared", "Product Reviewed");

    private CommerceReader() {
    }

    public static boolean isCommerceEvent(String event) {
        return event != null && ECOMMERCE_EVENTS.contains(event);
    }

    /** Reads and normalises; every unusable number is collected into {@code errors} with its path. */
    public static Commerce read(String event, Map<String, Object> p, List<FieldError> errors) {
        List<ProductLine> products = new ArrayList<>();
        Object list = p.get("products");
        if (list instanceof List<?> items) {
            for (int i = 0; i < items.size(); i++) {
                Object item = items.get(i);
                String path = "properties.products[" + i + "]";
                if (item instanceof Map<?, ?> m) {
                    @SuppressWarnings("unchecked")
                    ProductLine line = product((Map<String, Object>) m, path, errors);
                    if (line != null) {
                        products.add(line);
                    }
                } else {
                    errors.add(new FieldError(path, "must be an object, got " + JsonTypes.name(item)));
                }
            }
        } else if (list != null) {
            errors.add(new FieldError("properties.products", "must be an array, got " + JsonTypes.name(list)));
        } else if (SINGLE_PRODUCT_EVENTS.contains(event)) {
            ProductLine line = product(p, "properties", errors);
            if (line != null) {
                products.add(line);
            }
        }
        Long step = whole(p.get("step"), "properties.step", errors);
        return new Commerce(
                text(p, "cart_id"), text(p, "checkout_id"), text(p, "order_id"),
                step == null ? null : step.intValue(), text(p, "step_name"),
                money(p, "value", errors), money(p, "revenue", errors), money(p, "total", errors),
                money(p, "subtotal", errors), money(p, "tax", errors), money(p, "shipping", errors),
                money(p, "discount", errors), text(p, "coupon"), currency(p.get("currency")),
                products.isEmpty() ? List.of() : List.copyOf(products));
    }

    private static ProductLine product(Map<String, Object> m, String path, List<FieldError> errors) {
        String prefix = path + ".";
        return new ProductLine(
                text(m, "product_id"), text(m, "sku"), text(m, "name"), text(m, "category"), text(m, "brand"),
                text(m, "variant"), money(m, "price", prefix, errors), whole(m.get("quantity"), prefix + "quantity", errors),
                text(m, "url"), text(m, "image_url"));
    }

    private static BigDecimal money(Map<String, Object> m, String key, List<FieldError> errors) {
        return money(m, key, "properties.", errors);
    }

    private static BigDecimal money(Map<String, Object> m, String key, String prefix, List<FieldError> errors) {
        try {
            return Numbers.decimal(m.get(key), prefix + key);
        } catch (Numbers.NumberRejected e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    private static Long whole(Object value, String field, List<FieldError> errors) {
        try {
            return Numbers.whole(value, field);
        } catch (Numbers.NumberRejected e) {
            errors.add(new FieldError(e.field(), e.getMessage()));
            return null;
        }
    }

    /** Ids and names: strings kept exactly; numbers (product_id: 123) become their decimal text. */
    private static String text(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Number n) {
            return n instanceof BigDecimal d ? d.toPlainString() : n.toString();
        }
        return null;
    }

    private static String currency(Object v) {
        return v instanceof String s && !s.isBlank() ? s.trim().toUpperCase(Locale.ROOT) : null;
    }
}
