package io.cartback.funnel.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Event-time clock. The watermark is the largest event time seen minus the allowed lateness; it never goes
 * back. When no event has arrived for {@code idleAfter} of wall-clock time, it moves on with the wall clock by
 * the time spent idle beyond that (a quiet shop still gets its abandonment signals, a replay runs on the events'
 * own time). An operator (or a replay) can push it forward. An event before the watermark is too late.
 */
public final class Watermark {
    private final Duration allowedLateness;
    private final Duration idleAfter;
    private Instant maxEventTime;
    private Instant lastArrivalWall;
    private Instant floor;

    public Watermark(Duration allowedLateness, Duration idleAfter, Instant maxEventTime, Instant floor,
                     Instant nowWall) {
        this.allowedLateness = allowedLateness;
        this.idleAfter = idleAfter;
        this.maxEventTime = maxEventTime;
        this.floor = floor == null ? Instant.EPOCH : floor;
        this.lastArrivalWall = nowWall;
    }

    public synchronized Instant current(Instant nowWall) {
        Instant wm = floor;
        if (maxEventTime != null) {
            Instant fromEvents = maxEventTime.minus(allowedLateness);
            Duration idle = Duration.between(lastArrivalWall, nowWall).minus(idleAfter);
            if (!idle.isNegative()) {
                fromEvents = fromEvents.plus(idle);
            }
            if (fromEvents.isAfter(wm)) {
                wm = fromEvents;
            }
        }
        floor = wm;
        return wm;
    }

    /** True when the event is older than the watermark: it is counted as too late and not applied. */
    public synchronized boolean tooLate(Instant eventTime, Instant nowWall) {
        return eventTime.isBefore(current(nowWall));
    }

    /** Records events that arrived (after the lateness check). */
    public synchronized void observe(Instant eventTime, Instant nowWall) {
        current(nowWall);
        if (maxEventTime == null || eventTime.isAfter(maxEventTime)) {
            maxEventTime = eventTime;
        }
        lastArrivalWall = nowWall;
    }

    /** Pushes the watermark to {@code to} (never back); returns the watermark after. */
    public synchronized Instant advanceTo(Instant to, Instant nowWall) {
        Instant wm = current(nowWall);
        if (to.isAfter(wm)) {
            floor = to;
        }
        return current(nowWall);
    }

    public synchronized Instant maxEventTime() {
        return maxEventTime;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }
}
