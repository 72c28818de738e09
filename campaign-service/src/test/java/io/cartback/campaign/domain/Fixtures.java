package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

final class Fixtures {
    static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private Fixtures() {
    }

    static CartLine line(String id, String price, long qty) {
        return new CartLine(id, "Product " + id, qty, new BigDecimal(price), "https://shop.example.com/p/" + id, null);
    }

    static Cart cart(String currency, CartLine... lines) {
        return new Cart(List.of(lines), currency, BigDecimal.ZERO, T0);
    }

    static CampaignDefinition campaign(Duration... delays) {
        return campaign(new CampaignDefinition.SendRules(null, ZoneOffset.UTC, new FrequencyCap(1, Duration.ofHours(12)),
                0, false), delays);
    }

    static CampaignDefinition campaign(CampaignDefinition.SendRules rules, Duration... delays) {
        List<CampaignDefinition.Step> steps = java.util.Arrays.stream(delays)
                .map(d -> new CampaignDefinition.Step(d, "subject", null, null)).toList();
        return new CampaignDefinition("Recover", new CampaignDefinition.Trigger(CampaignDefinition.CartKind.ANY,
                Set.of(), Set.of(), null, null, CampaignDefinition.Audience.ANY, Map.of()), steps,
                new FreeShippingOffer(new BigDecimal("50.00"), "USD"), 3,
                new CampaignDefinition.Sender("shop@example.com", "Shop"), rules, Duration.ofDays(7), 10);
    }

    static ShopperView shopper(Cart cart) {
        return new ShopperView(false, "ada@example.com", null, false, false, cart, null, List.of(), null, Map.of());
    }
}
