package io.cartback.importer.ga;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The part of the data to import: whole days in the store's time zone (Google's daily tables are US Pacific
 * days), {@code from} inclusive to {@code to} inclusive. Rows are cut by their own event_time, so a session
 * running over the window's edge is cut there too (the oracle {@link GaFacts} sees the same rows).
 */
public record GaWindow(Instant start, Instant end) {

    /** The store's zone: GA360 daily tables of the Google Merchandise Store are US Pacific days. */
    public static final ZoneId STORE_ZONE = ZoneId.of("America/Los_Angeles");
    public static final int DEFAULT_DAYS = 14;
    public static final GaWindow ALL = new GaWindow(Instant.MIN, Instant.MAX);

    public static GaWindow days(LocalDate from, LocalDate toInclusive, ZoneId zone) {
        if (toInclusive.isBefore(from)) {
            throw new IllegalArgumentException("--to " + toInclusive + " is before --from " + from);
        }
        return new GaWindow(from.atStartOfDay(zone).toInstant(), toInclusive.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /** {@code days} whole days starting with the day (in {@code zone}) of {@code firstEvent}. */
    public static GaWindow firstDays(Instant firstEvent, int days, ZoneId zone) {
        LocalDate first = firstEvent.atZone(zone).toLocalDate();
        return days(first, first.plusDays(days - 1L), zone);
    }

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** The rows inside the window; stops reading at the first row past its end (the file is in time order). */
    public Iterator<GaRow> filter(Iterator<GaRow> rows) {
        return new Iterator<>() {
            private GaRow next;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (next == null && !done) {
                    if (!rows.hasNext()) {
                        done = true;
                        break;
                    }
                    GaRow row = rows.next();
                    if (!row.eventTime().isBefore(end)) {
                        done = true;
                    } else if (!row.eventTime().isBefore(start)) {
                        next = row;
                    }
                }
                return next != null;
            }

            @Override
            public GaRow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                GaRow row = next;
                next = null;
                return row;
            }
        };
    }
}
