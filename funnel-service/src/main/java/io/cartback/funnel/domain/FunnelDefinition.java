package io.cartback.funnel.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A funnel: ordered steps, each matched by one or more event conditions; optional steps may be skipped; a
 * conversion window measured from entering the first step; exclusion conditions that stop a journey.
 */
public record FunnelDefinition(String id, String name, List<Step> steps, Duration conversionWindow,
                               List<Match> exclusions) {
    public static final String CHECKOUT = "checkout";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    public FunnelDefinition {
        steps = steps == null ? List.of() : List.copyOf(steps);
        exclusions = exclusions == null ? List.of() : List.copyOf(exclusions);
    }

    /** An event condition: the event name (case-insensitive) and, per property, the accepted values. */
    public record Match(String event, Map<String, List<String>> where) {
        public Match {
            where = where == null ? Map.of() : Map.copyOf(where);
        }

        public boolean matches(ShopperEvent e) {
            if (!e.is(event)) {
                return false;
            }
            for (Map.Entry<String, List<String>> w : where.entrySet()) {
                String actual = e.props().get(w.getKey());
                if (actual == null) {
                    return false;
                }
                boolean any = false;
                for (String accepted : w.getValue()) {
                    if (accepted.equalsIgnoreCase(actual.trim())) {
                        any = true;
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A step: matched when any of its conditions matches. */
    public record Step(String id, String label, List<Match> match, boolean optional) {
        public Step {
            match = match == null ? List.of() : List.copyOf(match);
        }

        public boolean matches(ShopperEvent e) {
            for (Match m : match) {
                if (m.matches(e)) {
                    return true;
                }
            }
            return false;
        }
    }

    public int size() {
        return steps.size();
    }

    public int indexOf(String stepId) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).id().equals(stepId)) {
                return i;
            }
        }
        return -1;
    }

    public boolean excludes(ShopperEvent e) {
        for (Match m : exclusions) {
            if (m.matches(e)) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with this definition, as (field, message) pairs; empty when valid. */
    public List<String[]> problems() {
        List<String[]> out = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            out.add(new String[] {"id", "must match " + ID.pattern()});
        }
        if (steps.size() < 2) {
            out.add(new String[] {"steps", "a funnel needs at least 2 steps"});
        }
        if (steps.size() > 20) {
            out.add(new String[] {"steps", "at most 20 steps"});
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            String path = "steps[" + i + "]";
            if (s == null) {
                out.add(new String[] {path, "must not be null"});
                continue;
            }
            if (s.id() == null || !ID.matcher(s.id()).matches()) {
                out.add(new String[] {path + ".id", "must match " + ID.pattern()});
            } else if (!ids.add(s.id())) {
                out.add(new String[] {path + ".id", "duplicate step id " + s.id()});
            }
            if (s.match().isEmpty()) {
                out.add(new String[] {path + ".match", "at least one event condition is required"});
            }
            for (int j = 0; j < s.match().size(); j++) {
                Match m = s.match().get(j);
                if (m == null || m.event() == null || m.event().isBlank()) {
                    out.add(new String[] {path + ".match[" + j + "].event", "must not be blank"});
                } else {
                    m.where().forEach((k, v) -> {
                        if (v == null || v.isEmpty()) {
                            out.add(new String[] {path + ".match.where." + k, "needs at least one accepted value"});
                        }
                    });
                }
            }
        }
        if (!steps.isEmpty() && steps.get(0) != null && steps.get(0).optional()) {
            out.add(new String[] {"steps[0].optional", "the first step cannot be optional"});
        }
        if (!steps.isEmpty() && steps.get(steps.size() - 1) != null && steps.get(steps.size() - 1).optional()) {
            out.add(new String[] {"steps[" + (steps.size() - 1) + "].optional", "the last step cannot be optional"});
        }
        if (conversionWindow == null || conversionWindow.isNegative() || conversionWindow.isZero()
                || conversionWindow.compareTo(Duration.ofDays(90)) > 0) {
            out.add(new String[] {"conversionWindow", "must be an ISO-8601 duration between PT1S and P90D"});
        }
        for (int j = 0; j < exclusions.size(); j++) {
            Match m = exclusions.get(j);
            if (m == null || m.event() == null || m.event().isBlank()) {
                out.add(new String[] {"exclusions[" + j + "].event", "must not be blank"});
                continue;
            }
            for (Step s : steps) {
                if (s != null && s.match().stream().anyMatch(sm -> sm != null && covers(m, sm))) {
                    out.add(new String[] {"exclusions[" + j + "]", "matches every event of step " + s.id()
                            + ", so every journey would stop there; narrow it with where"});
                    break;
                }
            }
        }
        return out;
    }

    /** True when every event {@code step} matches is also matched by {@code exclusion}. */
    static boolean covers(Match exclusion, Match step) {
        if (step.event() == null || !exclusion.event().equalsIgnoreCase(step.event())) {
            return false;
        }
        for (Map.Entry<String, List<String>> w : exclusion.where().entrySet()) {
            List<String> required = step.where().get(w.getKey());
            if (required == null || !required.stream().allMatch(r -> w.getValue().stream().anyMatch(r::equalsIgnoreCase))) {
                return false;
            }
        }
        return true;
    }

    private static Match checkoutStep(String... names) {
        return new Match("Checkout Step Viewed", Map.of("step_name", List.of(names)));
    }

    /**
     * The default checkout funnel. The account/sign-in step is optional because a signed-in shopper skips it;
     * shipping accepts the Segment name and the "your info" page names shops use for the same step.
     */
    public static FunnelDefinition defaultCheckout() {
        return new FunnelDefinition(CHECKOUT, "Checkout", List.of(
                new Step("product_viewed", "Product Viewed", List.of(new Match("Product Viewed", Map.of())), false),
                new Step("product_added", "Product Added", List.of(new Match("Product Added", Map.of())), false),
                new Step("cart_viewed", "Cart Viewed", List.of(new Match("Cart Viewed", Map.of())), false),
                new Step("account", "Account / sign-in", List.of(
                        checkoutStep("account", "sign_in", "signin", "register", "login")), true),
                new Step("shipping", "Shipping / your info", List.of(
                        checkoutStep("shipping", "your_info", "yourinfo", "your-info", "shipping_info")), false),
                new Step("payment", "Payment", List.of(checkoutStep("payment"),
                        new Match("Payment Info Entered", Map.of())), false),
                new Step("review", "Review order", List.of(checkoutStep("review", "review_order")), false),
                new Step("order_completed", "Order Completed", List.of(new Match("Order Completed", Map.of())), false)),
                Duration.ofDays(1), List.of());
    }

    static String norm(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
