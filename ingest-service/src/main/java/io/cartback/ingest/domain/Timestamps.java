package io.cartback.ingest.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** ISO-8601 timestamps with a zone or offset, and the clock-skew correction. */
public final class Timestamps {
    private Timestamps() {
    }

    /** Null when absent; refuses numbers and zone-less strings because their instant is a guess. */
    public static Instant parse(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw new Numbers.NumberRejected(field, "must be an ISO-8601 string with a zone, got " + JsonTypes.name(value));
        }
        try {
            return OffsetDateTime.parse(s.trim(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Numbers.NumberRejected(field, "must be an ISO-8601 timestamp with a zone or offset "
                    + "(e.g. 2026-12-03T10:15:30.000Z), got \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"");
        }
    }

    /**
     * The event time downstream runs on. With {@code sentAt} the client's clock error is removed:
     * {@code receivedAt - (sentAt - originalTimestamp)}. Without it the client's timestamp is trusted as is
     * (imports of history send no sentAt). Without any timestamp the event happened when it was received.
     */
    public static Instant eventTime(Instant original, Instant sentAt, Instant receivedAt) {
        if (original == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return original;
        }
        return receivedAt.minus(Duration.between(original, sentAt));
    }
}
