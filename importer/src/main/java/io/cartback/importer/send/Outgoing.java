package io.cartback.importer.send;

import java.time.Instant;

/**
 * One call ready to send: its JSON bytes plus what the sender needs without parsing them again.
 * {@code eventTimeMillis} (the call's timestamp) lets the sender keep its lanes close together in event time;
 * {@link Long#MIN_VALUE} means unknown (no ordering constraint).
 */
public record Outgoing(String messageId, String shopperKey, byte[] json, long eventTimeMillis) {

    public Outgoing(String messageId, String shopperKey, byte[] json) {
        this(messageId, shopperKey, json, Long.MIN_VALUE);
    }

    public Outgoing(String messageId, String shopperKey, byte[] json, Instant eventTime) {
        this(messageId, shopperKey, json, eventTime == null ? Long.MIN_VALUE : eventTime.toEpochMilli());
    }
}
