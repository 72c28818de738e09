package io.cartback.campaign.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Locale;

import org.junit.jupiter.api.Test;

class MoneyTest {

    @Test
    void formatsUsdWithTwoDecimals() {
        assertEquals("$1,234.50", Money.format(new BigDecimal("1234.5"), "USD", Locale.US));
    }

    @Test
    void formatsJpyWithoutDecimals() {
        String s = Money.format(new BigDecimal("1234.6"), "JPY", Locale.US);
        assertTrue(s.endsWith("1,235"), s);
        assertTrue(!s.contains("."), s);
    }

    @Test
    void formatsKwdWithThreeDecimals() {
        String s = Money.format(new BigDecimal("12.5"), "KWD", Locale.US);
        assertTrue(s.endsWith("12.500"), s);
        assertTrue(s.contains("KWD"), s);
    }

    @Test
    void formatsEuroInGermanLocale() {
        assertEquals("19,99\u00a0€", Money.format(new BigDecimal("19.99"), "EUR", Locale.GERMANY));
    }

    @Test
    void roundsHalfUpForDisplayOnly() {
        assertEquals("$0.13", Money.format(new BigDecimal("0.125"), "USD", Locale.US));
    }

    @Test
    void unknownCurrencyCodeIsShownAsCodeWithTwoDecimals() {
        assertEquals("XYZ 3.10", Money.format(new BigDecimal("3.1"), "XYZ", Locale.US));
    }

    @Test
    void missingCartCurrencyFallsBackToCampaignThenServiceDefault() {
        assertEquals("EUR", Money.resolveCurrency("eur", "USD", "GBP"));
        assertEquals("USD", Money.resolveCurrency(null, "usd", "GBP"));
        assertEquals("GBP", Money.resolveCurrency(" ", null, "GBP"));
    }

    @Test
    void blankLocaleFallsBackToUs() {
        assertEquals(Locale.US, Money.locale(null));
        assertEquals("de", Money.locale("de_DE").getLanguage());
    }
}
