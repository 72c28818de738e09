package io.cartback.funnel.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Event-time clock over the input partitions. Each partition's newest event time is tracked; the watermark is
 * the oldest of those among partitions that are active (had an event within {@code idleAfter} of wall time),
 * minus the allowed lateness, so a consumer that reads one partition ahead of another does not make the other's
 * events late. When every partition is idle, the watermark moves on with the wall clock from the newest event
 * time by the time spent idle beyond {@code idleAfter} (a quiet shop still gets its abandonment signals; a replay
 * runs on the events' own time). An operator (or a replay) can push it forward. It never goes back. An event
 * before the watermark is too late.
 */
public final class Watermark {
    private final Duration allowedLateness;
    private final Duration idleAfter;
    private final Map<Integer, Instant> maxByPartition = new HashMap<>();
    private final Map<Integer, Instant> arrivalByPartition = new HashMap<>();
    private Instant floor;

    public Watermark(Duration allowedLateness, Duration idleAfter, Map<Integer, Instant> maxEventTimes, Instant floor,
                     Instant nowWall) {
        this.allowedLateness = allowedLateness;
        this.idleAfter = idleAfter;
        this.floor = floor == null ? Instant.EPOCH : floor;
        if (maxEventTimes != null) {
            maxEventTimes.forEach((p, t) -> {
                maxByPartition.put(p, t);
                arrivalByPartition.put(p, nowWall);
            });
        }
    }

    public synchronized Instant current(Instant nowWall) {
        Instant activeMin = null;
        Instant newest = null;
        Instant lastArrival = null;
        for (Map.Entry<Integer, Instant> e : maxByPartition.entrySet()) {
            Instant arrived = arrivalByPartition.get(e.getKey());
            if (newest == null || e.getValue().isAfter(newest)) {
                newest = e.getValue();
            }
            if (lastArrival == null || arrived.isAfter(lastArrival)) {
                lastArrival = arrived;
            }
            if (Duration.between(arrived, nowWall).compareTo(idleAfter) < 0
                    && (activeMin == null || e.getValue().isBefore(activeMin))) {
                activeMin = e.getValue();
            }
        }
        Instant wm = floor;
        Instant fromEvents = null;
        if (activeMin != null) {
            fromEvents = activeMin.minus(allowedLateness);
        } else if (newest != null) {
            fromEvents = newest.minus(allowedLateness).plus(Duration.between(lastArrival, nowWall).minus(idleAfter));
        }
        if (fromEvents != null && fromEvents.isAfter(wm)) {
            wm = fromEvents;
        }
        floor = wm;
        return wm;
    }

    /** True when the event is older than the watermark: it is counted as too late and not applied. */
    public synchronized boolean tooLate(Instant eventTime, Instant nowWall) {
        return eventTime.isBefore(current(nowWall));
    }

    /** Records an event that arrived on {@code partition} (after the lateness check). */
    public synchronized void observe(int partition, Instant eventTime, Instant nowWall) {
        current(nowWall);
        maxByPartition.merge(partition, eventTime, (a, b) -> a.isAfter(b) ? a : b);
        arrivalByPartition.put(partition, nowWall);
    }

    public void observe(Instant eventTime, Instant nowWall) {
        observe(0, eventTime, nowWall);
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
        return maxByPartition.values().stream().max(Instant::compareTo).orElse(null);
    }

    public synchronized Map<Integer, Instant> maxByPartition() {
        return Map.copyOf(maxByPartition);
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }
}
