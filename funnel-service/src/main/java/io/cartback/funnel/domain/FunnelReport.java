package io.cartback.funnel.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** A funnel report for a date range in the store's time zone. Counts are journeys (see {@link Journey}). */
public record FunnelReport(
        String funnelId,
        String funnelName,
        LocalDate from,
        LocalDate to,
        String timeZone,
        Instant watermark,
        long journeys,
        long converted,
        long inProgress,
        long dropped,
        List<StepStats> steps,
        Map<String, Long> reasons,
        List<Breakdown> breakdowns,
        List<Day> days,
        long tooLateEvents) {

    /** The same report with the count of events that arrived too late to be applied (service-wide). */
    public FunnelReport withTooLateEvents(long n) {
        return new FunnelReport(funnelId, funnelName, from, to, timeZone, watermark, journeys, converted, inProgress,
                dropped, steps, reasons, breakdowns, days, n);
    }

    /**
     * Per step: journeys that reached it, went further (converted to next), stopped here and are still inside
     * their session/window (in progress), or stopped here for good (dropped, with the reason mix).
     */
    public record StepStats(String id, String label, boolean optional, long entered, long convertedToNext,
                            long inProgress, long dropped, Double conversionRate, Double rateFromStart,
                            Double medianSecondsToNext, Map<String, Long> reasons) {
    }

    /** Entered per step for each value of one dimension (device, channel, identity, visitor). */
    public record Breakdown(String dimension, List<Segment> segments) {
    }

    public record Segment(String value, List<Long> entered, long converted) {
    }

    /** Journeys entered on this store-local day, by step reached. */
    public record Day(LocalDate date, List<Long> entered, long converted) {
    }
}
