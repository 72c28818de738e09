package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Attribution and lift. An enrolment (treatment or holdout alike) is recovered by the first order of the shopper
 * placed after the cart's last activity and within the attribution window from the abandonment. Comparing the
 * two groups on everyone enrolled (intention to treat) gives the incremental effect, not last-touch credit.
 */
public final class Attribution {
    private Attribution() {
    }

    public record Order(String orderId, Instant at, BigDecimal revenue) {
    }

    public static Optional<Order> recoveringOrder(Instant lastActivityAt, Instant abandonedAt, Duration window,
            List<Order> orders) {
        Instant until = abandonedAt.plus(window);
        return orders.stream()
                .filter(o -> !o.at().isBefore(lastActivityAt) && !o.at().isAfter(until))
                .min(Comparator.comparing(Order::at));
    }

    public record Group(long enrolled, long recovered, BigDecimal revenue) {
        public double rate() {
            return enrolled == 0 ? 0.0 : (double) recovered / enrolled;
        }

        public BigDecimal revenuePerEnrolled() {
            return enrolled == 0 ? BigDecimal.ZERO : revenue.divide(BigDecimal.valueOf(enrolled), MathContext.DECIMAL64);
        }
    }

    /**
     * {@code absoluteLift} in conversion-rate points (0.05 = 5 points), {@code relativeLift} null without a
     * holdout conversion, incremental orders/revenue scaled to the treatment group size.
     */
    public record Lift(double absoluteLift, Double relativeLift, double incrementalOrders,
            BigDecimal incrementalRevenue) {
    }

    public static Lift lift(Group treatment, Group holdout) {
        if (holdout.enrolled() == 0) {
            return new Lift(0.0, null, 0.0, BigDecimal.ZERO);
        }
        double abs = treatment.rate() - holdout.rate();
        Double rel = holdout.rate() == 0.0 ? null : abs / holdout.rate();
        double incOrders = abs * treatment.enrolled();
        BigDecimal incRevenue = treatment.revenuePerEnrolled().subtract(holdout.revenuePerEnrolled())
                .multiply(BigDecimal.valueOf(treatment.enrolled()));
        return new Lift(abs, rel, incOrders, incRevenue);
    }
}
