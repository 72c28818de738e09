package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Formats money per currency: the currency's own minor units (JPY 0, USD 2, KWD 3), the symbol and grouping of
 * the shopper's locale. Amounts are rounded half-up only for display; arithmetic stays exact elsewhere.
 *
 * <p>Missing currency rule: a cart without a currency is shown in the campaign's currency (the offer's), else
 * in the service's default currency; see {@link #resolveCurrency}. An unknown code is shown as "CODE 12.34".
 */
public final class Money {
    /** Building a currency format is costly; prototypes are kept per locale and currency and cloned per use. */
    private static final java.util.Map<String, NumberFormat> FORMATS = new java.util.concurrent.ConcurrentHashMap<>();

    private Money() {
    }

    public static String resolveCurrency(String cartCurrency, String campaignCurrency, String defaultCurrency) {
        if (cartCurrency != null && !cartCurrency.isBlank()) {
            return cartCurrency.trim().toUpperCase(Locale.ROOT);
        }
        if (campaignCurrency != null && !campaignCurrency.isBlank()) {
            return campaignCurrency.trim().toUpperCase(Locale.ROOT);
        }
        return defaultCurrency;
    }

    public static int fractionDigits(String currencyCode) {
        Currency currency = known(currencyCode);
        if (currency == null || currency.getDefaultFractionDigits() < 0) {
            return 2;
        }
        return currency.getDefaultFractionDigits();
    }

    public static BigDecimal round(BigDecimal amount, String currencyCode) {
        return amount.setScale(fractionDigits(currencyCode), RoundingMode.HALF_UP);
    }

    public static String format(BigDecimal amount, String currencyCode, Locale locale) {
        Locale loc = locale == null ? Locale.US : locale;
        int digits = fractionDigits(currencyCode);
        BigDecimal rounded = amount.setScale(digits, RoundingMode.HALF_UP);
        Currency currency = known(currencyCode);
        if (currency == null) {
            NumberFormat plain = NumberFormat.getNumberInstance(loc);
            plain.setMinimumFractionDigits(digits);
            plain.setMaximumFractionDigits(digits);
            return currencyCode + " " + plain.format(rounded);
        }
        NumberFormat nf = (NumberFormat) FORMATS.computeIfAbsent(loc.toLanguageTag() + "|" + currencyCode, k -> {
            NumberFormat f = NumberFormat.getCurrencyInstance(loc);
            f.setCurrency(currency);
            f.setMinimumFractionDigits(digits);
            f.setMaximumFractionDigits(digits);
            f.setRoundingMode(RoundingMode.HALF_UP);
            return f;
        }).clone();
        return nf.format(rounded);
    }

    private static Currency known(String code) {
        if (code == null) {
            return null;
        }
        try {
            return Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Parses a BCP 47 tag ("de-DE", "ar"), falling back to en-US for blanks. */
    public static Locale locale(String tag) {
        if (tag == null || tag.isBlank()) {
            return Locale.US;
        }
        Locale l = Locale.forLanguageTag(tag.replace('_', '-'));
        return l.getLanguage().isEmpty() ? Locale.US : l;
    }
}
