package io.cartback.funnel.domain;

import static io.cartback.funnel.domain.Ev.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JourneyBuilderTest {
    private final FunnelDefinition checkout = FunnelDefinition.defaultCheckout();
    private final JourneyBuilder builder = new JourneyBuilder(Duration.ofMinutes(30), ReasonRules.defaults());

    private List<ShopperEvent> fullCheckout(String s) {
        return List.of(
                track(s, "2024-05-01T10:00:00Z", "Product Viewed"),
                add(s, "2024-05-01T10:01:00Z", "A", "10.00", 1),
                track(s, "2024-05-01T10:02:00Z", "Cart Viewed"),
                step(s, "2024-05-01T10:03:00Z", "account"),
                step(s, "2024-05-01T10:04:00Z", "shipping"),
                step(s, "2024-05-01T10:05:00Z", "payment"),
                step(s, "2024-05-01T10:06:00Z", "review"),
                order(s, "2024-05-01T10:07:00Z", "o1", "10.00"));
    }

    @Test
    void fullCheckoutConvertsThroughEveryStep() {
        List<Journey> js = builder.build(checkout, "s1", fullCheckout("s1"));
        assertEquals(1, js.size());
        Journey j = js.get(0);
        assertTrue(j.converted());
        assertEquals(7, j.reached());
        assertNull(j.reason());
    }

    @Test
    void signedInShopperMaySkipTheOptionalAccountStep() {
        List<ShopperEvent> ev = new ArrayList<>(fullCheckout("s1"));
        ev.remove(3);
        Journey j = builder.build(checkout, "s1", ev).get(0);
        assertTrue(j.converted());
        assertEquals(Journey.NOT_REACHED, j.stepAt()[3]);
    }

    @Test
    void requiredStepCannotBeSkipped() {
        List<ShopperEvent> ev = new ArrayList<>(fullCheckout("s1"));
        ev.remove(2); // no Cart Viewed
        Journey j = builder.build(checkout, "s1", ev).get(0);
        assertEquals(1, j.reached(), "stops at Product Added: later steps need Cart Viewed first");
        assertEquals("low_intent", j.reason());
    }

    @Test
    void outOfOrderArrivalGivesTheSameJourneys() {
        List<ShopperEvent> ev = new ArrayList<>(fullCheckout("s1"));
        Collections.reverse(ev);
        Journey a = builder.build(checkout, "s1", fullCheckout("s1")).get(0);
        Journey b = builder.build(checkout, "s1", ev).get(0);
        assertArrayEquals(a.stepAt(), b.stepAt());
    }

    @Test
    void identicalTimestampsAdvanceInFunnelOrderWhateverTheIds() {
        String at = "2024-05-01T10:00:00Z";
        List<ShopperEvent> ev = List.of(
                withId(order("s", at, "o1", "5"), "a"),
                withId(step("s", at, "review"), "b"),
                withId(step("s", at, "payment"), "c"),
                withId(step("s", at, "shipping"), "d"),
                withId(track("s", at, "Cart Viewed"), "e"),
                withId(add("s", at, "X", "5", 1), "f"),
                withId(track("s", at, "Product Viewed"), "g"));
        Journey j = builder.build(checkout, "s", ev).get(0);
        assertTrue(j.converted());
    }

    @Test
    void repeatedStepsCountOnceFromTheFirstOccurrence() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                track("s", "2024-05-01T10:01:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:02:00Z", "A", "1", 1),
                add("s", "2024-05-01T10:03:00Z", "A", "1", 1));
        Journey j = builder.build(checkout, "s", ev).get(0);
        assertEquals(t("2024-05-01T10:00:00Z").toEpochMilli(), j.stepAt()[0]);
        assertEquals(t("2024-05-01T10:02:00Z").toEpochMilli(), j.stepAt()[1]);
    }

    @Test
    void inactivityOfThirtyMinutesStartsANewSessionAndJourney() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:29:59Z", "A", "1", 1),
                // exactly 30 min after the last event: new session
                track("s", "2024-05-01T10:59:59Z", "Cart Viewed"),
                track("s", "2024-05-01T11:05:00Z", "Product Viewed"));
        List<Journey> js = builder.build(checkout, "s", ev);
        assertEquals(2, js.size());
        assertEquals(1, js.get(0).reached());
        assertEquals(0, js.get(1).reached(), "Cart Viewed came before this session's Product Viewed");
        assertFalse(js.get(0).returning());
        assertTrue(js.get(1).returning());
    }

    @Test
    void sessionCrossingMidnightStaysOneJourney() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T23:50:00Z", "Product Viewed"),
                add("s", "2024-05-02T00:10:00Z", "A", "1", 1));
        List<Journey> js = builder.build(checkout, "s", ev);
        assertEquals(1, js.size());
        assertEquals(1, js.get(0).reached());
    }

    @Test
    void stepsAfterTheConversionWindowDoNotCount() {
        FunnelDefinition f = new FunnelDefinition("quick", "Quick", checkout.steps(), Duration.ofMinutes(5), List.of());
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:04:00Z", "A", "1", 1),
                track("s", "2024-05-01T10:06:00Z", "Cart Viewed"));
        Journey j = builder.build(f, "s", ev).get(0);
        assertEquals(1, j.reached());
    }

    @Test
    void exclusionEventStopsTheJourney() {
        FunnelDefinition f = new FunnelDefinition("ex", "Ex", checkout.steps(), Duration.ofDays(1),
                List.of(new FunnelDefinition.Match("Coupon Denied", Map.of())));
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                track("s", "2024-05-01T10:01:00Z", "Coupon Denied"),
                add("s", "2024-05-01T10:02:00Z", "A", "1", 1));
        Journey j = builder.build(f, "s", ev).get(0);
        assertEquals(0, j.reached());
        assertTrue(j.excluded());
        assertEquals(Journey.Status.DROPPED, j.status(t("2024-05-01T10:05:00Z"), Duration.ofMinutes(30), f.conversionWindow()));
    }

    @Test
    void journeyIsInProgressWhileItsSessionIsOpenAndDroppedAfter() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:01:00Z", "A", "1", 1));
        Journey j = builder.build(checkout, "s", ev).get(0);
        Duration gap = Duration.ofMinutes(30);
        assertEquals(Journey.Status.IN_PROGRESS, j.status(t("2024-05-01T10:30:59Z"), gap, checkout.conversionWindow()));
        assertEquals(Journey.Status.DROPPED, j.status(t("2024-05-01T10:31:00Z"), gap, checkout.conversionWindow()));
    }

    @Test
    void knownWhenTheShopperIdentifiedInOrBeforeTheSession() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                known(track("s", "2024-05-02T10:00:00Z", "Product Viewed"), "u1"));
        List<Journey> js = builder.build(checkout, "s", ev);
        assertFalse(js.get(0).known());
        assertTrue(js.get(1).known());
    }

    @Test
    void checkoutStepMatchingIsByStepNameFilter() {
        List<ShopperEvent> ev = List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:01:00Z", "A", "1", 1),
                track("s", "2024-05-01T10:02:00Z", "Cart Viewed"),
                step("s", "2024-05-01T10:03:00Z", "payment"),
                step("s", "2024-05-01T10:04:00Z", "your_info"));
        Journey j = builder.build(checkout, "s", ev).get(0);
        assertEquals(4, j.reached(), "payment before shipping does not count; your_info is the shipping step");
    }

    @Test
    void definitionProblemsNameTheFields() {
        FunnelDefinition bad = new FunnelDefinition("Bad Id", "x", List.of(
                new FunnelDefinition.Step("a", "A", List.of(), true)), Duration.ZERO, List.of());
        List<String> fields = bad.problems().stream().map(p -> p[0]).toList();
        assertTrue(fields.containsAll(List.of("id", "steps", "steps[0].match", "steps[0].optional", "conversionWindow")),
                fields.toString());
        assertTrue(FunnelDefinition.defaultCheckout().problems().isEmpty());
    }

    static Instant i(String s) {
        return Instant.parse(s);
    }
}
