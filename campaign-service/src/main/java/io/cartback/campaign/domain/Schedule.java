package io.cartback.campaign.domain;

import java.time.Instant;
import java.util.List;

/** Due times of a campaign's steps, measured in event time from the cart's last activity. */
public final class Schedule {
    private Schedule() {
    }

    public static List<Instant> dueTimes(CampaignDefinition campaign, Instant lastActivityAt) {
        return campaign.steps().stream().map(s -> lastActivityAt.plus(s.delay())).toList();
    }
}
