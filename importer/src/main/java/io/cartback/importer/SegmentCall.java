package io.cartback.importer;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One Segment HTTP Tracking API call ({@code track}, {@code page} or {@code identify}) as it goes into a
 * {@code POST /v1/batch}. {@code properties}, {@code traits} and {@code context} follow Segment's open schema
 * (E-commerce Spec v2 for the commerce events), hence maps; their keys are inserted in a fixed order so the JSON
 * is byte-for-byte reproducible. No {@code sentAt} is sent: the importer replays history, so the ingest API must
 * keep {@code timestamp} as the event time instead of correcting it for clock skew.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SegmentCall(
        String type,
        String event,
        String name,
        String userId,
        String anonymousId,
        Instant timestamp,
        String messageId,
        Map<String, Object> properties,
        Map<String, Object> traits,
        Map<String, Object> context) {

    public static SegmentCall track(String event, String anonymousId, Instant timestamp, String messageId,
            Map<String, Object> properties, Map<String, Object> context) {
        return new SegmentCall("track", event, null, null, anonymousId, timestamp, messageId, properties, null,
                context);
    }

    public static SegmentCall page(String name, String anonymousId, Instant timestamp, String messageId,
            Map<String, Object> properties, Map<String, Object> context) {
        return new SegmentCall("page", null, name, null, anonymousId, timestamp, messageId, properties, null,
                context);
    }

    public static SegmentCall identify(String anonymousId, Instant timestamp, String messageId,
            Map<String, Object> traits, Map<String, Object> context) {
        return new SegmentCall("identify", null, null, null, anonymousId, timestamp, messageId, null, traits,
                context);
    }

    /** The shopper key the ingest API partitions by: anonymousId, else userId. */
    public String shopperKey() {
        return anonymousId != null ? anonymousId : userId;
    }
}
