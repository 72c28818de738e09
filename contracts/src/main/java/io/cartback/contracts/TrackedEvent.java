package io.cartback.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted tracking call on {@link Topics#EVENTS}, read as a sentence: {@code shopperKey} (subject) did
 * {@code event} (verb, for {@code track}) at {@code timestamp}, with {@code properties} about the object.
 *
 * <p>{@code timestamp} is the corrected event time every downstream clock runs on:
 * {@code receivedAt - (sentAt - originalTimestamp)} when the client sent {@code sentAt}, otherwise the client's
 * timestamp, otherwise {@code receivedAt}. {@code originalTimestamp} keeps what the client said.
 *
 * <p>{@code properties}, {@code traits} and {@code context} are kept exactly as sent (Segment's open schema);
 * {@code commerce} is the typed, number-normalised reading of the E-commerce Spec v2 fields, present on
 * e-commerce events only, and is what consumers should read for money and products.
 */
public record TrackedEvent(
        String messageId,
        String type,
        String event,
        String name,
        String userId,
        String anonymousId,
        String previousId,
        String groupId,
        String shopperKey,
        Instant timestamp,
        Instant originalTimestamp,
        Instant sentAt,
        Instant receivedAt,
        String sourceId,
        Commerce commerce,
        Map<String, Object> properties,
        Map<String, Object> traits,
        Map<String, Object> context) {
}
