package io.cartback.campaign.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * The event-time clock. {@code base = max(floor, maxEventTime - lateness)}, where the floor is set by the admin
 * endpoint (replays, tests) or restored after a restart. When nothing has moved it for {@code idleAfter} of wall
 * time, it also moves on with the wall clock from where it was left (so a replay keeps replay time, and a quiet
 * live shop still reaches its due times). It never goes backwards.
 */
public final class Watermark {
    private final Duration lateness;
    private final Duration idleAfter;
    private Instant maxEventTime;
    private Instant floor;
    private Instant lastMoveWall;
    private Instant lastReturned = Instant.EPOCH;

    public Watermark(Duration lateness, Duration idleAfter, Instant restoredFloor, Instant wallNow) {
        this.lateness = lateness;
        this.idleAfter = idleAfter;
        this.floor = restoredFloor == null ? Instant.EPOCH : restoredFloor;
        this.lastMoveWall = wallNow;
    }

    public synchronized void observe(Instant eventTime, Instant wallNow) {
        if (eventTime == null) {
            return;
        }
        if (maxEventTime == null || eventTime.isAfter(maxEventTime)) {
            maxEventTime = eventTime;
        }
        lastMoveWall = wallNow;
    }

    /** Moves the floor forward; a target behind the current watermark changes nothing. Returns the watermark. */
    public synchronized Instant advanceTo(Instant target, Instant wallNow) {
        Instant now = current(wallNow);
        if (target.isAfter(now)) {
            floor = target;
            lastMoveWall = wallNow;
        } else {
            floor = now;
            lastMoveWall = wallNow;
        }
        return current(wallNow);
    }

    public synchronized Instant current(Instant wallNow) {
        Instant base = floor;
        if (maxEventTime != null && maxEventTime.minus(lateness).isAfter(base)) {
            base = maxEventTime.minus(lateness);
        }
        Duration idle = Duration.between(lastMoveWall, wallNow);
        if (!idle.isNegative() && idle.compareTo(idleAfter) >= 0) {
            base = base.plus(idle);
        }
        if (base.isAfter(lastReturned)) {
            lastReturned = base;
        }
        return lastReturned;
    }

    public synchronized Instant maxEventTime() {
        return maxEventTime;
    }
}
