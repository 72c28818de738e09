package io.cartback.campaign.domain;

import static io.cartback.campaign.domain.Fixtures.T0;
import static io.cartback.campaign.domain.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class RecommenderTest {

    private static ViewedProduct viewed(String id, String price, int minutesAgo) {
        return new ViewedProduct(id, "P" + id, new BigDecimal(price), "USD", null, null, T0.minusSeconds(60L * minutesAgo));
    }

    private static List<String> ids(List<ViewedProduct> l) {
        return l.stream().map(ViewedProduct::productId).toList();
    }

    @Test
    void excludesProductsInTheCartAndAlreadyBought() {
        Cart cart = Fixtures.cart("USD", line("a", "10", 1));
        List<ViewedProduct> history = List.of(viewed("a", "20", 1), viewed("b", "20", 2), viewed("c", "20", 3));
        assertEquals(List.of("c"), ids(Recommender.choose(history, cart, Set.of("b"), new BigDecimal("5"), 3, "USD")));
    }

    @Test
    void productsThatCloseTheGapComeFirstCheapestFirst() {
        Cart cart = Fixtures.cart("USD", line("a", "40", 1));
        List<ViewedProduct> history = List.of(viewed("small", "3", 1), viewed("big", "30", 2), viewed("fit", "12", 3),
                viewed("mid", "9", 4));
        // gap 10: fit (12) and big (30) close it, cheapest first, then the rest by recency
        assertEquals(List.of("fit", "big", "small"),
                ids(Recommender.choose(history, cart, Set.of(), new BigDecimal("10"), 3, "USD")));
    }

    @Test
    void withoutGapKeepsMostRecentFirst() {
        Cart cart = Fixtures.cart("USD", line("a", "40", 1));
        List<ViewedProduct> history = List.of(viewed("x", "3", 1), viewed("y", "30", 2));
        assertEquals(List.of("x", "y"), ids(Recommender.choose(history, cart, Set.of(), BigDecimal.ZERO, 3, "USD")));
    }

    @Test
    void dedupesRepeatedViewsAndSkipsOtherCurrenciesAndMissingPrices() {
        Cart cart = Fixtures.cart("USD");
        List<ViewedProduct> history = List.of(viewed("x", "3", 1), viewed("x", "3", 5),
                new ViewedProduct("eur", "E", new BigDecimal("20"), "EUR", null, null, T0),
                new ViewedProduct("noprice", "N", null, "USD", null, null, T0));
        assertEquals(List.of("x"), ids(Recommender.choose(history, cart, Set.of(), new BigDecimal("1"), 3, "USD")));
    }

    @Test
    void respectsTheLimit() {
        Cart cart = Fixtures.cart("USD");
        List<ViewedProduct> history = List.of(viewed("1", "3", 1), viewed("2", "3", 2), viewed("3", "3", 3),
                viewed("4", "3", 4));
        assertEquals(2, Recommender.choose(history, cart, Set.of(), new BigDecimal("1"), 2, "USD").size());
        assertTrue(Recommender.choose(history, cart, Set.of(), new BigDecimal("1"), 0, "USD").isEmpty());
    }
}
