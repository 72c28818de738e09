package io.cartback.campaign.domain;

import static io.cartback.campaign.domain.Fixtures.T0;
import static io.cartback.campaign.domain.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class RulesTest {

    @Test
    void quietHoursWrapMidnight() {
        QuietHours q = new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
        assertTrue(q.isQuiet(LocalTime.of(21, 0)));
        assertTrue(q.isQuiet(LocalTime.of(2, 0)));
        assertFalse(q.isQuiet(LocalTime.of(8, 0)));
        assertFalse(q.isQuiet(LocalTime.of(20, 59)));
        assertEquals(Instant.parse("2026-03-03T08:00:00Z"),
                q.nextAllowed(Instant.parse("2026-03-02T22:30:00Z"), ZoneOffset.UTC));
        assertEquals(Instant.parse("2026-03-03T08:00:00Z"),
                q.nextAllowed(Instant.parse("2026-03-03T03:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void quietHoursWithinOneDayAndAcrossDst() {
        QuietHours lunch = new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 0));
        assertEquals(Instant.parse("2026-03-02T13:00:00Z"),
                lunch.nextAllowed(Instant.parse("2026-03-02T12:10:00Z"), ZoneOffset.UTC));
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        // night of the spring-forward change (2026-03-29): 23:00 CET -> 07:00 CEST = 05:00Z
        assertEquals(Instant.parse("2026-03-29T05:00:00Z"),
                night.nextAllowed(Instant.parse("2026-03-28T22:00:00Z"), berlin));
    }

    @Test
    void equalStartAndEndMeansNoQuietHours() {
        assertFalse(new QuietHours(LocalTime.NOON, LocalTime.NOON).isQuiet(LocalTime.NOON));
    }

    @Test
    void frequencyCapCountsOnlySendsInsideTheWindow() {
        FrequencyCap cap = new FrequencyCap(2, Duration.ofDays(1));
        Instant at = T0;
        assertTrue(cap.allows(List.of(at.minusSeconds(3600)), at));
        assertFalse(cap.allows(List.of(at.minusSeconds(3600), at.minusSeconds(7200)), at));
        assertTrue(cap.allows(List.of(at.minusSeconds(3600), at.minus(Duration.ofDays(1))), at));
    }

    @Test
    void holdoutIsDeterministicAndNearTheConfiguredShare() {
        assertEquals(Holdout.isHeldOut("c1", "user:42", 10), Holdout.isHeldOut("c1", "user:42", 10));
        long held = IntStream.range(0, 20_000).filter(i -> Holdout.isHeldOut("c1", "user:" + i, 10)).count();
        assertTrue(held > 1_800 && held < 2_200, "held out " + held);
        assertFalse(Holdout.isHeldOut("c1", "user:1", 0));
        long differs = IntStream.range(0, 1000)
                .filter(i -> Holdout.isHeldOut("c1", "u" + i, 50) != Holdout.isHeldOut("c2", "u" + i, 50)).count();
        assertTrue(differs > 300, "assignment must differ across campaigns");
    }

    @Test
    void attributionTakesFirstOrderInsideWindow() {
        Instant last = T0;
        Instant abandoned = T0.plusSeconds(1800);
        List<Attribution.Order> orders = List.of(new Attribution.Order("before", T0.minusSeconds(1), BigDecimal.ONE),
                new Attribution.Order("late", abandoned.plus(Duration.ofDays(8)), BigDecimal.TEN),
                new Attribution.Order("second", abandoned.plus(Duration.ofDays(2)), BigDecimal.TEN),
                new Attribution.Order("first", abandoned.plus(Duration.ofDays(1)), new BigDecimal("42")));
        assertEquals("first", Attribution.recoveringOrder(last, abandoned, Duration.ofDays(7), orders).orElseThrow()
                .orderId());
        assertTrue(Attribution.recoveringOrder(last, abandoned, Duration.ofHours(1), orders).isEmpty());
        Instant edge = abandoned.plus(Duration.ofDays(7));
        assertEquals("edge", Attribution.recoveringOrder(last, abandoned, Duration.ofDays(7),
                List.of(new Attribution.Order("edge", edge, BigDecimal.ONE))).orElseThrow().orderId());
    }

    @Test
    void liftComparesGroupsOnEveryoneEnrolled() {
        Attribution.Group mailed = new Attribution.Group(900, 90, new BigDecimal("9000"));
        Attribution.Group holdout = new Attribution.Group(100, 5, new BigDecimal("500"));
        Attribution.Lift lift = Attribution.lift(mailed, holdout);
        assertEquals(0.05, lift.absoluteLift(), 1e-9);
        assertEquals(1.0, lift.relativeLift(), 1e-9);
        assertEquals(45.0, lift.incrementalOrders(), 1e-9);
        assertEquals(0, new BigDecimal("4500").compareTo(lift.incrementalRevenue()));
        Attribution.Lift none = Attribution.lift(mailed, new Attribution.Group(0, 0, BigDecimal.ZERO));
        assertNull(none.relativeLift());
        assertNull(Attribution.lift(mailed, new Attribution.Group(10, 0, BigDecimal.ZERO)).relativeLift());
    }

    @Test
    void contentShowsFirstLinesAndHowManyMore() {
        List<CartLine> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            lines.add(line("p" + i, "1.00", 1));
        }
        Cart big = new Cart(lines, "USD", null, T0);
        EmailPlan plan = ContentPlanner.plan(Fixtures.campaign(Duration.ofHours(1)), big, List.of(), Set.of(),
                Locale.US, "USD");
        assertEquals(10, plan.lines().size());
        assertEquals(15, plan.moreLines());
        assertEquals("$25.00", plan.subtotalText());
        assertEquals("$25.00", plan.offer().missingText());
    }

    @Test
    void contentRendersProductsWithoutNameImageOrUrl() {
        Cart cart = new Cart(List.of(new CartLine("sku-1", null, 2, new BigDecimal("30"), " ", null)), "USD", null, T0);
        EmailPlan plan = ContentPlanner.plan(Fixtures.campaign(Duration.ofHours(1)), cart, List.of(), Set.of(),
                Locale.US, "USD");
        assertEquals("sku-1", plan.lines().get(0).name());
        assertNull(plan.lines().get(0).url());
        assertTrue(plan.offer().qualifies());
        assertTrue(plan.recommendations().isEmpty(), "no recommendations once free shipping is reached");
    }

    @Test
    void contentUsesCampaignCurrencyWhenCartHasNone() {
        Cart cart = new Cart(List.of(line("a", "1000", 1)), null, null, T0);
        EmailPlan plan = ContentPlanner.plan(Fixtures.campaign(Duration.ofHours(1)), cart, List.of(), Set.of(),
                Locale.US, "JPY");
        assertEquals("USD", plan.currency());
        assertEquals("$1,000.00", plan.subtotalText());
    }

    @Test
    void contentKeepsRtlAndNonLatinNamesIntact() {
        Cart cart = new Cart(List.of(new CartLine("a", "  כובע צמר  ", 1, new BigDecimal("10"), null, null),
                new CartLine("b", "抹茶セット", 1, new BigDecimal("10"), null, null)), "USD", null, T0);
        EmailPlan plan = ContentPlanner.plan(Fixtures.campaign(Duration.ofHours(1)), cart, List.of(), Set.of(),
                Locale.US, "USD");
        assertEquals("כובע צמר", plan.lines().get(0).name());
        assertEquals("抹茶セット", plan.lines().get(1).name());
    }

    @Test
    void validatorNamesEachBadField() {
        CampaignDefinition bad = new CampaignDefinition(" ", null,
                List.of(new CampaignDefinition.Step(Duration.ofHours(2), "s", null, null),
                        new CampaignDefinition.Step(Duration.ofHours(1), "", null, null)),
                new FreeShippingOffer(new BigDecimal("-1"), "dollars"), 20,
                new CampaignDefinition.Sender("not-an-address", null),
                new CampaignDefinition.SendRules(null, ZoneOffset.UTC, new FrequencyCap(0, Duration.ZERO), 80, false),
                Duration.ZERO, 0);
        List<String> fields = CampaignValidator.validate(bad).stream().map(Violation::field).toList();
        assertEquals(List.of("name", "steps[1].delay", "steps[1].subject", "freeShipping.threshold",
                "freeShipping.currency", "recommendations", "maxLines", "sender.address", "sendRules.holdoutPercent",
                "sendRules.frequencyCap.max", "sendRules.frequencyCap.window", "attributionWindow"), fields);
    }

    @Test
    void validatorRefusesValuesThatWouldOverflowHangOrNeverMatter() {
        CampaignDefinition bad = new CampaignDefinition("x", new CampaignDefinition.Trigger(
                CampaignDefinition.CartKind.ANY, Set.of(), Set.of(), new BigDecimal("0.0001"), new BigDecimal("1E+12"),
                CampaignDefinition.Audience.ANY, java.util.Map.of()),
                List.of(new CampaignDefinition.Step(Duration.ofDays(106751991167300L), "s", null, null)),
                new FreeShippingOffer(new BigDecimal("75.125"), "USD"), 3,
                new CampaignDefinition.Sender("shop@example.com", null),
                new CampaignDefinition.SendRules(new QuietHours(java.time.LocalTime.NOON, java.time.LocalTime.NOON),
                        ZoneOffset.UTC, new FrequencyCap(1, Duration.ofDays(400)), Double.NaN, false),
                Duration.ofDays(366), 10);
        List<String> fields = CampaignValidator.validate(bad).stream().map(Violation::field).toList();
        assertEquals(List.of("steps[0].delay", "freeShipping.threshold", "sendRules.holdoutPercent",
                "sendRules.frequencyCap.window", "sendRules.quietHours", "attributionWindow", "trigger.minCartValue",
                "trigger.maxCartValue"), fields);
        assertEquals(List.of("freeShipping.currency"), CampaignValidator.validate(new CampaignDefinition("x", null,
                List.of(new CampaignDefinition.Step(Duration.ofHours(1), "s", null, null)),
                new FreeShippingOffer(new BigDecimal("75"), "XYZ"), 3,
                new CampaignDefinition.Sender("shop@example.com", null), null, Duration.ofDays(7), 10))
                .stream().map(Violation::field).toList());
    }
}
