package io.cartback.campaign.domain;

import java.time.Instant;

/** What to do with a due step. */
public sealed interface Decision {
    record Send() implements Decision {
    }

    /** Tracked like a send but not mailed (holdout group). */
    record HoldOut() implements Decision {
    }

    record Defer(Instant until, DeferReason reason) implements Decision {
    }

    record Suppress(SuppressionReason reason) implements Decision {
    }

    enum DeferReason { CART_CHANGED, QUIET_HOURS }
}
