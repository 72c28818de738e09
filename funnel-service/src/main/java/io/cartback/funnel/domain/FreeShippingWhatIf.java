package io.cartback.funnel.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Given a free-shipping threshold X: of the abandoned carts, how many were below X and by how much (the gap
 * X - value, in buckets), so a marketer can choose X. Carts without a known value are counted apart.
 */
public final class FreeShippingWhatIf {
    private static final BigDecimal[] BUCKET_UPPER = {
            new BigDecimal("5"), new BigDecimal("10"), new BigDecimal("20"), new BigDecimal("50")};

    public record Bucket(String gap, long carts, BigDecimal cartValue) {
    }

    public record Result(BigDecimal threshold, long abandonedCarts, long atOrAbove, long below, long unknownValue,
                         BigDecimal medianGap, List<Bucket> gaps) {
    }

    public static Result compute(BigDecimal threshold, List<BigDecimal> cartValues) {
        long above = 0;
        long unknown = 0;
        long[] counts = new long[BUCKET_UPPER.length + 1];
        BigDecimal[] sums = new BigDecimal[BUCKET_UPPER.length + 1];
        java.util.Arrays.fill(sums, BigDecimal.ZERO);
        List<BigDecimal> gaps = new ArrayList<>();
        for (BigDecimal v : cartValues) {
            if (v == null) {
                unknown++;
                continue;
            }
            if (v.compareTo(threshold) >= 0) {
                above++;
                continue;
            }
            BigDecimal gap = threshold.subtract(v);
            gaps.add(gap);
            int b = 0;
            while (b < BUCKET_UPPER.length && gap.compareTo(BUCKET_UPPER[b]) > 0) {
                b++;
            }
            counts[b]++;
            sums[b] = sums[b].add(v);
        }
        List<Bucket> buckets = new ArrayList<>();
        String lower = "0";
        for (int b = 0; b <= BUCKET_UPPER.length; b++) {
            String label = b < BUCKET_UPPER.length ? "(" + lower + ", " + BUCKET_UPPER[b].toPlainString() + "]"
                    : "> " + BUCKET_UPPER[BUCKET_UPPER.length - 1].toPlainString();
            buckets.add(new Bucket(label, counts[b], sums[b]));
            if (b < BUCKET_UPPER.length) {
                lower = BUCKET_UPPER[b].toPlainString();
            }
        }
        gaps.sort(null);
        BigDecimal median = gaps.isEmpty() ? null : gaps.get(gaps.size() / 2);
        return new Result(threshold, cartValues.size(), above, gaps.size(), unknown, median, buckets);
    }
}
