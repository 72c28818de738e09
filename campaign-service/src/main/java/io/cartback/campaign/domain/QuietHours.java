package io.cartback.campaign.domain;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * No email between {@code start} (inclusive) and {@code end} (exclusive) local time in the shopper's zone; the
 * window may wrap midnight (21:00-08:00). An email due inside the window is deferred to its end.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public boolean isQuiet(LocalTime t) {
        if (start.equals(end)) {
            return false;
        }
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code at} itself when it is outside the window, else the first instant the window is over. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        if (!isQuiet(local.toLocalTime())) {
            return at;
        }
        ZonedDateTime endToday = local.toLocalDate().atTime(end).atZone(zone);
        ZonedDateTime candidate = endToday.isAfter(local) ? endToday : local.toLocalDate().plusDays(1).atTime(end).atZone(zone);
        return candidate.toInstant();
    }
}
