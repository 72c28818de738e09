package io.cartback.ingest.domain;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Reads the numbers of the E-commerce spec. A JSON number is taken as it is. A string is taken only when it is
 * unambiguous: an optional minus, digits, an optional dot and digits ("19.99", " 5 "). "19,99", "1,299.00",
 * "$5", "1e3", "" are ambiguous or not numbers and are refused with the field named: a price is never
 * silently turned into 0.
 */
public final class Numbers {
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,18}(\\.\\d{1,12})?");

    private Numbers() {
    }

    /** The decimal, or null when absent; throws {@link NumberRejected} when present but unusable. */
    public static BigDecimal decimal(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof java.math.BigInteger bi) {
            return new BigDecimal(bi);
        }
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberRejected(field, "must be a finite number");
            }
            return BigDecimal.valueOf(d);
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (PLAIN_DECIMAL.matcher(t).matches()) {
                return new BigDecimal(t);
            }
            throw new NumberRejected(field, "must be a number; the string \"" + abbreviate(s)
                    + "\" is not an unambiguous decimal (use a JSON number or a string like \"19.99\")");
        }
        throw new NumberRejected(field, "must be a number, got " + JsonTypes.name(value));
    }

    /** A whole number (quantities, steps); "2" and 2.0 are fine, 2.5 is not. */
    public static Long whole(Object value, String field) {
        BigDecimal d = decimal(value, field);
        if (d == null) {
            return null;
        }
        try {
            return d.stripTrailingZeros().longValueExact();
        } catch (ArithmeticException e) {
            throw new NumberRejected(field, "must be a whole number, got " + d.toPlainString());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** A number field that cannot be read; carries the field path for the client. */
    public static final class NumberRejected extends RuntimeException {
        private final String field;

        public NumberRejected(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
