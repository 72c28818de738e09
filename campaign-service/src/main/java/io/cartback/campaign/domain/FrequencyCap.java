package io.cartback.campaign.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** At most {@code max} campaign emails per address within any {@code window}, across all campaigns. */
public record FrequencyCap(int max, Duration window) {

    public boolean allows(Collection<Instant> previousSends, Instant at) {
        Instant from = at.minus(window);
        long inWindow = previousSends.stream().filter(t -> t.isAfter(from) && !t.isAfter(at)).count();
        return inWindow < max;
    }
}
