package io.cartback.campaign.domain;

import java.util.Set;

/** Lifecycle: draft -> active <-> paused; any -> archived; archived is final. */
public enum CampaignStatus {
    DRAFT, ACTIVE, PAUSED, ARCHIVED;

    public boolean canMoveTo(CampaignStatus next) {
        return switch (this) {
            case DRAFT -> Set.of(ACTIVE, ARCHIVED).contains(next);
            case ACTIVE -> Set.of(PAUSED, ARCHIVED).contains(next);
            case PAUSED -> Set.of(ACTIVE, ARCHIVED).contains(next);
            case ARCHIVED -> false;
        };
    }
}
