package io.cartback.campaign.domain;

import static io.cartback.campaign.domain.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SchedulingTest {

    @Test
    void stepsAreDueAfterTheirDelayFromLastCartActivity() {
        CampaignDefinition c = Fixtures.campaign(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(72));
        assertEquals(List.of(T0.plusSeconds(3600), T0.plusSeconds(86400), T0.plusSeconds(3 * 86400)),
                Schedule.dueTimes(c, T0));
    }

    @Test
    void watermarkFollowsMaxEventTimeMinusLateness() {
        Instant wall = Instant.parse("2030-01-01T00:00:00Z");
        Watermark w = new Watermark(Duration.ofMinutes(1), Duration.ofMinutes(5), null, wall);
        w.observe(T0, wall);
        w.observe(T0.minusSeconds(3600), wall); // late event never moves it back
        assertEquals(T0.minusSeconds(60), w.current(wall));
    }

    @Test
    void watermarkAdvancesWithWallClockWhenIdle() {
        Instant wall = Instant.parse("2030-01-01T00:00:00Z");
        Watermark w = new Watermark(Duration.ZERO, Duration.ofMinutes(5), null, wall);
        w.observe(T0, wall);
        assertEquals(T0, w.current(wall.plusSeconds(299)));
        assertEquals(T0.plusSeconds(300), w.current(wall.plusSeconds(300)));
        assertEquals(T0.plusSeconds(3600), w.current(wall.plusSeconds(3600)));
    }

    @Test
    void watermarkNeverGoesBackwardsAfterIdleAdvanceAndNewEvents() {
        Instant wall = Instant.parse("2030-01-01T00:00:00Z");
        Watermark w = new Watermark(Duration.ZERO, Duration.ofMinutes(5), null, wall);
        w.observe(T0, wall);
        Instant advanced = w.current(wall.plusSeconds(3600));
        w.observe(T0.plusSeconds(10), wall.plusSeconds(3600));
        assertEquals(advanced, w.current(wall.plusSeconds(3601)));
    }

    @Test
    void manualAdvanceMovesForwardOnly() {
        Instant wall = Instant.parse("2030-01-01T00:00:00Z");
        Watermark w = new Watermark(Duration.ZERO, Duration.ofDays(3650), null, wall);
        w.observe(T0, wall);
        assertEquals(T0.plusSeconds(86400), w.advanceTo(T0.plusSeconds(86400), wall));
        assertEquals(T0.plusSeconds(86400), w.advanceTo(T0, wall));
    }

    @Test
    void restoredFloorSurvivesRestart() {
        Instant wall = Instant.parse("2030-01-01T00:00:00Z");
        Watermark w = new Watermark(Duration.ZERO, Duration.ofDays(1), T0, wall);
        assertEquals(T0, w.current(wall));
    }

    private static Abandonment abandonment(String checkoutId, String reason, String stage, String value, String userId) {
        return new Abandonment("ab1", "anon1", "anon1", userId, "cart1", checkoutId, stage, reason,
                value == null ? null : new BigDecimal(value), "USD", List.of(), T0, T0.plusSeconds(1800));
    }

    @Test
    void triggerFiltersOnKindReasonStageValueAndAudience() {
        CampaignDefinition.Trigger checkoutsWithExtraCosts = new CampaignDefinition.Trigger(
                CampaignDefinition.CartKind.CHECKOUT, Set.of("extra_costs"), Set.of(), new BigDecimal("20"),
                new BigDecimal("500"), CampaignDefinition.Audience.KNOWN, Map.of());
        assertTrue(abandonment("co1", "extra_costs", "shipping", "20", "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment(null, "extra_costs", "shipping", "100", "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment("co1", "low_intent", "cart", "100", "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment("co1", "extra_costs", "shipping", "19.99", "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment("co1", "extra_costs", "shipping", "500.01", "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment("co1", "extra_costs", "shipping", null, "u1").matches(checkoutsWithExtraCosts, true));
        assertFalse(abandonment("co1", "extra_costs", "shipping", "100", null).matches(checkoutsWithExtraCosts, false));
        CampaignDefinition.Trigger anonymousCarts = new CampaignDefinition.Trigger(CampaignDefinition.CartKind.CART,
                Set.of(), Set.of("cart"), null, null, CampaignDefinition.Audience.ANONYMOUS, Map.of());
        assertTrue(abandonment(null, "low_intent", "cart", "10", null).matches(anonymousCarts, false));
        assertFalse(abandonment(null, "low_intent", "payment", "10", null).matches(anonymousCarts, false));
    }

    @Test
    void cartKeyPrefersCartIdThenCheckoutIdThenShopper() {
        assertEquals("cart:cart1", abandonment("co1", "x", "y", "1", null).cartKey());
        Abandonment noCart = new Abandonment("ab", "k", null, null, null, "co9", null, null, null, null, List.of(), T0, T0);
        assertEquals("checkout:co9", noCart.cartKey());
        Abandonment neither = new Abandonment("ab", "k", null, null, " ", null, null, null, null, null, List.of(), T0, T0);
        assertEquals("shopper:k", neither.cartKey());
    }

    @Test
    void lifecycleAllowsOnlyDocumentedTransitions() {
        assertTrue(CampaignStatus.DRAFT.canMoveTo(CampaignStatus.ACTIVE));
        assertFalse(CampaignStatus.DRAFT.canMoveTo(CampaignStatus.PAUSED));
        assertTrue(CampaignStatus.ACTIVE.canMoveTo(CampaignStatus.PAUSED));
        assertTrue(CampaignStatus.PAUSED.canMoveTo(CampaignStatus.ACTIVE));
        assertFalse(CampaignStatus.ARCHIVED.canMoveTo(CampaignStatus.ACTIVE));
        assertFalse(CampaignStatus.ACTIVE.canMoveTo(CampaignStatus.DRAFT));
    }
}
