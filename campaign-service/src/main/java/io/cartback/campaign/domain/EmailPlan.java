package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.util.List;

/**
 * What an email says, computed before rendering: the first lines of the cart (large carts show "and N more"),
 * the subtotal, the free-shipping offer or the missing amount, and the recommendations. Money is pre-formatted.
 */
public record EmailPlan(
        String currency,
        List<Line> lines,
        int moreLines,
        BigDecimal subtotal,
        String subtotalText,
        Offer offer,
        List<Recommendation> recommendations) {

    public record Line(String productId, String name, long quantity, String unitPriceText, String totalText,
            String url, String imageUrl) {
    }

    /** {@code shown} false when there is no offer or the cart is in another currency. */
    public record Offer(boolean shown, boolean qualifies, String thresholdText, String missingText,
            BigDecimal missing) {
        public static final Offer NONE = new Offer(false, false, null, null, BigDecimal.ZERO);
    }

    public record Recommendation(String productId, String name, String priceText, String url, String imageUrl,
            boolean closesGap) {
    }
}
