package io.cartback.funnel.domain;

import static io.cartback.funnel.domain.Ev.*;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CartTrackerTest {
    private final CartTracker tracker = new CartTracker(Duration.ofHours(1), Duration.ofDays(30),
            Duration.ofMinutes(30), ReasonRules.defaults());

    private List<ShopperEvent> cartThenLeave() {
        return List.of(
                track("s", "2024-05-01T10:00:00Z", "Product Viewed"),
                add("s", "2024-05-01T10:01:00Z", "A", "10.00", 2),
                add("s", "2024-05-01T10:02:00Z", "B", "5.50", 1),
                step("s", "2024-05-01T10:05:00Z", "account"));
    }

    @Test
    void cartIsAbandonedWhenTheWatermarkPassesLastActivityPlusThreshold() {
        CartTracker.Outcome before = tracker.replay("s", cartThenLeave(), t("2024-05-01T11:04:59Z"));
        assertTrue(before.abandonments().isEmpty());
        assertEquals(t("2024-05-01T11:05:00Z"), before.nextDue());

        CartTracker.Outcome after = tracker.replay("s", cartThenLeave(), t("2024-05-01T11:05:00Z"));
        assertEquals(1, after.abandonments().size());
        Abandonment a = after.abandonments().get(0);
        assertEquals(new BigDecimal("25.50"), a.cartValue());
        assertEquals(2, a.lines().size());
        assertEquals("account", a.stageReached());
        assertEquals("account_required", a.reason());
        assertEquals(t("2024-05-01T10:05:00Z"), a.lastActivityAt());
        assertEquals(t("2024-05-01T11:05:00Z"), a.abandonedAt());
        assertNull(after.nextDue());
    }

    @Test
    void abandonmentIdIsStableAcrossReplays() {
        List<ShopperEvent> events = cartThenLeave();
        List<ShopperEvent> reversed = new ArrayList<>(events);
        java.util.Collections.reverse(reversed);
        String a = tracker.replay("s", events, t("2024-06-01T00:00:00Z")).abandonments().get(0).abandonmentId();
        String b = tracker.replay("s", reversed, t("2024-07-01T00:00:00Z")).abandonments().get(0).abandonmentId();
        String merged = tracker.replay("profile:p1", events, t("2024-07-01T00:00:00Z")).abandonments().get(0)
                .abandonmentId();
        assertEquals(a, b);
        assertEquals(a, merged, "an identity merge re-keys the shopper but must not re-announce the cart");
    }

    @Test
    void activityInsideTheThresholdKeepsTheCartAlive() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(page("s", "2024-05-01T11:00:00Z"));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-01T11:30:00Z"));
        assertTrue(o.abandonments().isEmpty());
        assertEquals(t("2024-05-01T12:00:00Z"), o.nextDue());
    }

    @Test
    void orderWithinThresholdIsNotAnAbandonment() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(order("s", "2024-05-01T10:30:00Z", "o1", "25.50"));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-03T00:00:00Z"));
        assertTrue(o.abandonments().isEmpty());
        assertTrue(o.recoveries().isEmpty());
        assertNull(o.nextDue());
    }

    @Test
    void laterOrderRecoversTheAbandonmentOnceEvenWhenLoggedTwice() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(order("s", "2024-05-02T09:00:00Z", "o1", "25.50"));
        ev.add(order("s", "2024-05-02T09:00:01Z", "o1", "25.50"));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-03T00:00:00Z"));
        assertEquals(1, o.abandonments().size());
        assertEquals(1, o.recoveries().size());
        Recovery r = o.recoveries().get(0);
        assertEquals(o.abandonments().get(0).abandonmentId(), r.abandonmentId());
        assertEquals("o1", r.orderId());
        assertEquals(new BigDecimal("25.50"), r.revenue());
    }

    @Test
    void orderAfterTheRecoveryWindowIsNotARecovery() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(order("s", "2024-06-15T09:00:00Z", "o1", "25.50"));
        assertTrue(tracker.replay("s", ev, t("2024-07-01T00:00:00Z")).recoveries().isEmpty());
    }

    @Test
    void emptiedCartIsNotAbandonedAndVariantSkuRemovesMatchByName() {
        List<ShopperEvent> ev = List.of(
                add("s", "2024-05-01T10:01:00Z", "A", "10.00", 1),
                remove("s", "2024-05-01T10:02:00Z", "A-VARIANT-XL", "Product A", 1));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-02T00:00:00Z"));
        assertTrue(o.abandonments().isEmpty());
        assertNull(o.nextDue());
    }

    @Test
    void comingBackAndLeavingAgainIsASecondAbandonment() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(page("s", "2024-05-02T10:00:00Z"));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-03T00:00:00Z"));
        assertEquals(2, o.abandonments().size());
        assertNotEquals(o.abandonments().get(0).abandonmentId(), o.abandonments().get(1).abandonmentId());
    }

    @Test
    void abandonmentDecidedByAGapIsOnlyEmittedOnceTheWatermarkPassesIt() {
        List<ShopperEvent> ev = new ArrayList<>(cartThenLeave());
        ev.add(page("s", "2024-05-01T13:00:00Z"));
        CartTracker.Outcome o = tracker.replay("s", ev, t("2024-05-01T11:00:00Z"));
        assertTrue(o.abandonments().isEmpty(), "a late event could still fill the gap");
        assertEquals(t("2024-05-01T11:05:00Z"), o.nextDue());
    }

    @Test
    void freeShippingWhatIfBucketsTheGap() {
        FreeShippingWhatIf.Result r = FreeShippingWhatIf.compute(new BigDecimal("75"), java.util.Arrays.asList(
                new BigDecimal("74"), new BigDecimal("60"), new BigDecimal("20"), new BigDecimal("80"), null));
        assertEquals(5, r.abandonedCarts());
        assertEquals(1, r.atOrAbove());
        assertEquals(3, r.below());
        assertEquals(1, r.unknownValue());
        assertEquals(1, r.gaps().get(0).carts()); // gap 1
        assertEquals(1, r.gaps().get(2).carts()); // gap 15
        assertEquals(1, r.gaps().get(4).carts()); // gap 55
    }
}
