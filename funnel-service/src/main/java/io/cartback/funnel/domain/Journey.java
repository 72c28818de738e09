package io.cartback.funnel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One shopper's pass through one funnel: the session (inactivity-bounded) in which the first step happened.
 * {@code stepAt[i]} is the epoch millis at which step i was reached, or {@link #NOT_REACHED}. Whether it is
 * converted, in progress or dropped depends on the watermark ({@link #status}); the reason is what the rules
 * say if it turns out dropped.
 */
public record Journey(
        String journeyId,
        String funnelId,
        String shopperKey,
        Instant enteredAt,
        Instant lastEventAt,
        long[] stepAt,
        int reached,
        boolean excluded,
        String device,
        String channel,
        boolean known,
        boolean returning,
        String reason,
        List<String> evidence) {
    public static final long NOT_REACHED = -1L;

    public enum Status { CONVERTED, IN_PROGRESS, DROPPED }

    public Journey {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /**
     * Stable id of the journey of this shopper's session starting at {@code sessionStart}. It holds a hash of
     * the shopper key, not the key, so an erased shopper's anonymous aggregate rows keep no identifier.
     */
    public static String id(String funnelId, String shopperKey, Instant sessionStart) {
        return funnelId + "|" + CartTracker.shortHash(shopperKey) + "|" + sessionStart.toEpochMilli();
    }

    public boolean converted() {
        return reached == stepAt.length - 1;
    }

    /**
     * Converted when it reached the last step; in progress while its session is open (last event + gap after
     * the watermark) and the conversion window has not closed; dropped otherwise (an excluded journey stops).
     */
    public Status status(Instant watermark, Duration sessionGap, Duration window) {
        if (converted()) {
            return Status.CONVERTED;
        }
        if (!excluded && watermark.isBefore(lastEventAt.plus(sessionGap))
                && watermark.isBefore(enteredAt.plus(window))) {
            return Status.IN_PROGRESS;
        }
        return Status.DROPPED;
    }

    public Journey anonymised(String newId) {
        return new Journey(newId, funnelId, null, enteredAt, lastEventAt, stepAt, reached, excluded, device, channel,
                known, returning, reason, evidence);
    }
}
