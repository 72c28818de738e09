package io.cartback.campaign.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Everything known about the shopper at send time: the latest profile, orders and unsubscribes seen on the event
 * stream, and earlier sends to the same address. {@code cartChangedAt} is the newest cart activity seen anywhere.
 */
public record ShopperView(
        boolean erased,
        String email,
        Boolean emailConsent,
        boolean unsubscribed,
        boolean orderedSinceTrigger,
        Cart cart,
        Instant cartChangedAt,
        List<Instant> sendsToAddress,
        ZoneId zone,
        Map<String, Object> traits) {
}
