package io.cartback.profile.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.TrackedEvent;

/**
 * A simple mapping of the Google Merchandise Store GA360 sample (../shared/data) to Segment events, for the
 * benchmark only (the importer module owns the official mapping): one event per hit (rows of one hit, i.e. the
 * products of a checkout or purchase, become one event's product list), anonymousId = visitor_id, and an
 * identify with userId "ga-&lt;visitor_id&gt;" and a synthetic email at the session's first checkout hit (GA has no
 * user ids; a storefront would identify the shopper at checkout).
 */
public final class GaEvents {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private GaEvents() {
    }

    public static Path locateData() {
        String configured = System.getProperty("bench.data", System.getenv("CDP_SHARED_DATA"));
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            candidates.add(Path.of(configured));
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 4 && dir != null; i++, dir = dir.getParent()) {
            candidates.add(dir.resolve("../shared/data").normalize());
        }
        for (Path c : candidates) {
            try (var files = Files.list(c)) {
                var gz = files.filter(f -> f.getFileName().toString().endsWith(".csv.gz")).findFirst();
                if (gz.isPresent()) {
                    return gz.get();
                }
            } catch (IOException ignored) {
                // try the next candidate
            }
        }
        throw new IllegalStateException("shared data not found; set -Dbench.data=/path/to/shared/data");
    }

    /** Reads up to {@code limit} events, in file (time) order. */
    public static int read(Path gz, int limit, Consumer<TrackedEvent> sink) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            List<String> header = parse(in.readLine());
            Map<String, Integer> col = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                col.put(header.get(i), i);
            }
            List<List<String>> hit = new ArrayList<>();
            Set<String> identifiedSessions = new HashSet<>();
            int[] count = {0};
            String line;
            while ((line = in.readLine()) != null && count[0] < limit) {
                while (unbalanced(line)) {
                    String more = in.readLine();
                    if (more == null) {
                        break;
                    }
                    line = line + "\n" + more;
                }
                List<String> row = parse(line);
                if (!hit.isEmpty() && !sameHit(hit.get(0), row, col)) {
                    emit(hit, col, identifiedSessions, sink, count);
                    hit.clear();
                }
                hit.add(row);
            }
            if (!hit.isEmpty() && count[0] < limit) {
                emit(hit, col, identifiedSessions, sink, count);
            }
            return count[0];
        }
    }

    private static boolean sameHit(List<String> a, List<String> b, Map<String, Integer> col) {
        return a.get(col.get("session_id")).equals(b.get(col.get("session_id")))
                && a.get(col.get("hit_number")).equals(b.get(col.get("hit_number")))
                && a.get(col.get("event_type")).equals(b.get(col.get("event_type")));
    }

    private static void emit(List<List<String>> rows, Map<String, Integer> col, Set<String> identified,
                             Consumer<TrackedEvent> sink, int[] count) {
        List<String> first = rows.get(0);
        String type = first.get(col.get("event_type"));
        String session = first.get(col.get("session_id"));
        String visitor = first.get(col.get("visitor_id"));
        String messageId = "ga-" + session + "-" + first.get(col.get("hit_number"));
        var at = LocalDateTime.parse(first.get(col.get("event_time")), TIME).toInstant(ZoneOffset.UTC);
        Map<String, Object> context = Map.of(
                "device", Map.of("type", first.get(col.get("device_category"))),
                "campaign", Map.of("medium", first.get(col.get("channel_grouping"))),
                "page", Map.of("path", first.get(col.get("page_path"))));
        List<ProductLine> products = new ArrayList<>();
        for (List<String> r : rows) {
            String sku = r.get(col.get("product_sku"));
            if (sku.isEmpty()) {
                continue;
            }
            String qty = r.get(col.get("quantity"));
            String price = r.get(col.get("price_usd"));
            Long q = qty.isEmpty() ? null : parseQuantity(qty);
            products.add(new ProductLine(sku, sku, r.get(col.get("product_name")), r.get(col.get("product_category")),
                    "Google", null, price.isEmpty() ? null : new BigDecimal(price), q,
                    "https://shop.googlemerchandisestore.com" + r.get(col.get("page_path")), null));
        }
        String event;
        String orderId = null;
        BigDecimal revenue = null;
        switch (type) {
            case "page_view" -> event = null;
            case "product_list_click" -> event = "Product Clicked";
            case "product_view" -> event = "Product Viewed";
            case "add_to_cart" -> event = "Product Added";
            case "remove_from_cart" -> event = "Product Removed";
            case "checkout" -> event = "Checkout Started";
            case "purchase" -> {
                event = "Order Completed";
                orderId = first.get(col.get("transaction_id"));
                String rev = first.get(col.get("transaction_revenue_usd"));
                revenue = rev.isEmpty() ? null : new BigDecimal(rev);
            }
            default -> event = "GA " + type;
        }
        if ("checkout".equals(type) && identified.add(session)) {
            sink.accept(new TrackedEvent(messageId + "-identify", "identify", null, null, "ga-" + visitor, visitor,
                    null, null, visitor, at, at, null, at, "ga", null, null,
                    Map.of("email", "shopper-" + visitor + "@example.invalid"), context));
            count[0]++;
        }
        Commerce commerce = products.isEmpty() && orderId == null ? null
                : new Commerce(null, null, orderId, null, null, null, revenue, null, null, null, null, null, null,
                "USD", products);
        sink.accept(new TrackedEvent(messageId, event == null ? "page" : "track", event,
                event == null ? first.get(col.get("page_path")) : null, null, visitor, null, null, visitor, at, at,
                null, at, "ga", commerce, Map.of(), null, context));
        count[0]++;
    }

    private static Long parseQuantity(String q) {
        try {
            return Long.parseLong(q);
        } catch (NumberFormatException e) {
            return null; // a handful of absurd quantities (up to 10^16) overflow nothing useful
        }
    }

    private static boolean unbalanced(String line) {
        int quotes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes % 2 == 1;
    }

    /** RFC 4180 fields of one record. */
    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        f.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }
}
