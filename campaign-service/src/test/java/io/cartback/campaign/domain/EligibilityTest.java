package io.cartback.campaign.domain;

import static io.cartback.campaign.domain.Fixtures.T0;
import static io.cartback.campaign.domain.Fixtures.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EligibilityTest {
    private static final Duration DAY = Duration.ofHours(24);
    private final CampaignDefinition campaign = Fixtures.campaign(DAY);
    private final Cart cart = Fixtures.cart("USD", line("a", "30", 1));
    private final Instant due = T0.plus(DAY);

    private static ShopperView with(Cart cart, boolean erased, String email, Boolean consent, boolean unsub,
            boolean ordered, Instant cartChanged, List<Instant> sends, ZoneId zone, Map<String, Object> traits) {
        return new ShopperView(erased, email, consent, unsub, ordered, cart, cartChanged, sends, zone, traits);
    }

    private Decision decide(ShopperView v) {
        return Eligibility.decide(campaign, 0, T0, due, v, false);
    }

    @Test
    void eligibleShopperIsSent() {
        assertInstanceOf(Decision.Send.class, decide(Fixtures.shopper(cart)));
    }

    @Test
    void orderSinceTriggerSuppresses() {
        assertEquals(new Decision.Suppress(SuppressionReason.ORDERED),
                decide(with(cart, false, "a@b.co", null, false, true, null, List.of(), null, Map.of())));
    }

    @Test
    void emptiedCartSuppresses() {
        assertEquals(new Decision.Suppress(SuppressionReason.CART_EMPTIED),
                decide(Fixtures.shopper(Fixtures.cart("USD"))));
        assertEquals(new Decision.Suppress(SuppressionReason.CART_EMPTIED),
                decide(Fixtures.shopper(Fixtures.cart("USD", line("a", "10", 0)))));
    }

    @Test
    void erasureWinsOverEverything() {
        assertEquals(new Decision.Suppress(SuppressionReason.ERASED),
                decide(with(cart, true, null, null, false, true, null, List.of(), null, Map.of())));
    }

    @Test
    void cartChangeAfterTriggerRestartsTheDelay() {
        Instant changed = T0.plus(Duration.ofHours(5));
        Decision d = decide(with(cart, false, "a@b.co", null, false, false, changed, List.of(), null, Map.of()));
        assertEquals(new Decision.Defer(changed.plus(DAY), Decision.DeferReason.CART_CHANGED), d);
    }

    @Test
    void cartChangeBeforeTriggerDoesNotDefer() {
        Decision d = decide(with(cart, false, "a@b.co", null, false, false, T0.minusSeconds(1), List.of(), null,
                Map.of()));
        assertInstanceOf(Decision.Send.class, d);
    }

    @Test
    void missingEmailSuppresses() {
        assertEquals(new Decision.Suppress(SuppressionReason.NO_EMAIL),
                decide(with(cart, false, null, null, false, false, null, List.of(), null, Map.of())));
    }

    @Test
    void unsubscribedOrRefusedConsentSuppresses() {
        assertEquals(new Decision.Suppress(SuppressionReason.NO_CONSENT),
                decide(with(cart, false, "a@b.co", true, true, false, null, List.of(), null, Map.of())));
        assertEquals(new Decision.Suppress(SuppressionReason.NO_CONSENT),
                decide(with(cart, false, "a@b.co", false, false, false, null, List.of(), null, Map.of())));
    }

    @Test
    void explicitConsentRequiredWhenCampaignSaysSo() {
        CampaignDefinition strict = Fixtures.campaign(new CampaignDefinition.SendRules(null, ZoneOffset.UTC, null, 0,
                true), DAY);
        ShopperView neverSaid = with(cart, false, "a@b.co", null, false, false, null, List.of(), null, Map.of());
        assertEquals(new Decision.Suppress(SuppressionReason.NO_CONSENT),
                Eligibility.decide(strict, 0, T0, due, neverSaid, false));
        ShopperView optedIn = with(cart, false, "a@b.co", true, false, false, null, List.of(), null, Map.of());
        assertInstanceOf(Decision.Send.class, Eligibility.decide(strict, 0, T0, due, optedIn, false));
    }

    @Test
    void frequencyCapAcrossCampaignsSuppresses() {
        ShopperView recently = with(cart, false, "a@b.co", null, false, false, null,
                List.of(due.minus(Duration.ofHours(11))), null, Map.of());
        assertEquals(new Decision.Suppress(SuppressionReason.CAPPED), decide(recently));
        ShopperView longAgo = with(cart, false, "a@b.co", null, false, false, null,
                List.of(due.minus(Duration.ofHours(12))), null, Map.of());
        assertInstanceOf(Decision.Send.class, decide(longAgo));
    }

    @Test
    void quietHoursDeferToTheirEndInTheShoppersZone() {
        CampaignDefinition quiet = Fixtures.campaign(new CampaignDefinition.SendRules(
                new QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)), ZoneOffset.UTC, null, 0, false), DAY);
        // due 10:00Z = 19:00 in Tokyo? no: 10:00Z is 19:00 JST, allowed; 13:00Z is 22:00 JST, quiet
        Instant lateInTokyo = Instant.parse("2026-03-03T13:00:00Z");
        ShopperView tokyo = with(cart, false, "a@b.co", null, false, false, null, List.of(), ZoneId.of("Asia/Tokyo"),
                Map.of());
        Decision d = Eligibility.decide(quiet, 0, T0, lateInTokyo, tokyo, false);
        assertEquals(new Decision.Defer(Instant.parse("2026-03-03T23:00:00Z"), Decision.DeferReason.QUIET_HOURS), d);
        // no zone on the profile: the campaign's zone (UTC) applies, 13:00 is fine
        ShopperView noZone = with(cart, false, "a@b.co", null, false, false, null, List.of(), null, Map.of());
        assertInstanceOf(Decision.Send.class, Eligibility.decide(quiet, 0, T0, lateInTokyo, noZone, false));
    }

    @Test
    void holdoutIsDecidedAfterAllOtherGates() {
        assertInstanceOf(Decision.HoldOut.class, Eligibility.decide(campaign, 0, T0, due, Fixtures.shopper(cart), true));
        ShopperView ordered = with(cart, false, "a@b.co", null, false, true, null, List.of(), null, Map.of());
        assertEquals(new Decision.Suppress(SuppressionReason.ORDERED),
                Eligibility.decide(campaign, 0, T0, due, ordered, true));
    }

    @Test
    void segmentTraitsMustStillMatch() {
        CampaignDefinition vip = new CampaignDefinition("vip", new CampaignDefinition.Trigger(
                CampaignDefinition.CartKind.ANY, Set.of(), Set.of(), null, null, CampaignDefinition.Audience.ANY,
                Map.of("tier", "gold")), campaign.steps(), campaign.offer(), 3, campaign.sender(), campaign.sendRules(),
                DAY, 10);
        ShopperView gold = with(cart, false, "a@b.co", null, false, false, null, List.of(), null, Map.of("tier", "gold"));
        ShopperView silver = with(cart, false, "a@b.co", null, false, false, null, List.of(), null,
                Map.of("tier", "silver"));
        assertInstanceOf(Decision.Send.class, Eligibility.decide(vip, 0, T0, due, gold, false));
        assertEquals(new Decision.Suppress(SuppressionReason.FILTERED), Eligibility.decide(vip, 0, T0, due, silver, false));
    }
}
