package io.cartback.funnel.oracle;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cartback.funnel.domain.CartData;
import io.cartback.funnel.domain.Line;
import io.cartback.funnel.domain.ShopperEvent;
import io.cartback.importer.SegmentCall;
import io.cartback.importer.ga.GaCsvReader;
import io.cartback.importer.ga.GaEventMapper;
import io.cartback.importer.ga.GaHits;
import io.cartback.importer.ga.GaOrderBook;
import io.cartback.importer.ga.GaWindow;

/**
 * The real GA rows as the funnel sees them in production: mapped to Segment calls by the importer's
 * {@link GaEventMapper} (the one documented mapping, docs/ga-mapping.md), then read the way ingest normalises
 * them into {@code commerce} and {@link io.cartback.funnel.messaging.EventMapping} reads that (single-product
 * events carry their product as the only line; step_name/step come from properties).
 */
public final class GaShopperEvents {
    private GaShopperEvents() {
    }

    /** The GA export, or null when it is not on this machine (tests then skip). */
    public static Path file() {
        return io.cartback.importer.ga.GaDataFile.find(Path.of(".")).orElse(null);
    }

    /** Maps the window's rows (two passes, as the importer does) and returns the events by shopper key. */
    public static Map<String, List<ShopperEvent>> read(Path file, GaWindow window) throws IOException {
        GaOrderBook book = new GaOrderBook();
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            new GaHits(window.filter(reader)).forEachRemaining(book::add);
        }
        GaEventMapper mapper = new GaEventMapper(book);
        Map<String, List<ShopperEvent>> byShopper = new HashMap<>();
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            GaHits hits = new GaHits(window.filter(reader));
            while (hits.hasNext()) {
                for (SegmentCall call : mapper.map(hits.next())) {
                    ShopperEvent e = toShopperEvent(call);
                    byShopper.computeIfAbsent(e.shopperKey(), k -> new ArrayList<>()).add(e);
                }
            }
        }
        return byShopper;
    }

    static ShopperEvent toShopperEvent(SegmentCall c) {
        Map<String, Object> p = c.properties() == null ? Map.of() : c.properties();
        Map<String, String> props = new HashMap<>();
        p.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                props.put(k, String.valueOf(v));
            }
        });
        CartData cart = null;
        if ("track".equals(c.type())) {
            List<Line> lines = new ArrayList<>();
            if (p.get("products") instanceof List<?> products) {
                for (Object o : products) {
                    if (o instanceof Map<?, ?> m) {
                        lines.add(line(m));
                    }
                }
            } else if (p.containsKey("product_id") || p.containsKey("sku")) {
                lines.add(line(p));
            }
            cart = new CartData(str(p.get("cart_id")), str(p.get("checkout_id")), str(p.get("order_id")),
                    str(p.get("step_name")), p.get("step") instanceof Number n ? n.intValue() : null,
                    dec(p.get("value")), dec(p.get("revenue")), dec(p.get("total")), dec(p.get("subtotal")),
                    dec(p.get("tax")), dec(p.get("shipping")), dec(p.get("discount")), str(p.get("currency")), lines);
        }
        Map<String, Object> ctx = c.context() == null ? Map.of() : c.context();
        String device = ctx.get("device") instanceof Map<?, ?> d ? str(d.get("type")) : null;
        String channel = ctx.get("campaign") instanceof Map<?, ?> d ? str(d.get("source")) : null;
        String name = "track".equals(c.type()) ? c.event() : c.type();
        return new ShopperEvent(c.messageId(), c.shopperKey(), c.timestamp(), c.type(), name, c.userId(),
                c.anonymousId(), device, channel, props, cart);
    }

    private static Line line(Map<?, ?> m) {
        Object q = m.get("quantity");
        return new Line(str(m.get("product_id")), str(m.get("sku")), str(m.get("name")), str(m.get("category")),
                dec(m.get("price")), q instanceof Number n ? n.longValue() : 0);
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    private static BigDecimal dec(Object o) {
        if (o instanceof BigDecimal b) {
            return b;
        }
        return o instanceof Number n ? new BigDecimal(n.toString()) : null;
    }
}
