package io.cartback.campaign.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.campaign.persistence.SendStore;
import io.cartback.contracts.TrackedEvent;

/**
 * Builds the events this service puts back on cdp.events.v1, as ordinary Segment track calls keyed by the
 * shopper key. messageIds are derived from the send, so a republished outbox batch is recognisably the same event.
 */
@ApplicationScoped
public class EmailEvents {
    public static final String SOURCE_ID = "campaign-service";
    private final ObjectMapper mapper;

    public EmailEvents(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public String json(TrackedEvent e) {
        try {
            return mapper.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public TrackedEvent event(String messageId, String event, SendStore.Tracked s, Instant at, Instant wallNow,
            Map<String, Object> extra) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("campaignId", s.campaignId().toString());
        props.put("campaignName", s.campaignName());
        props.put("step", s.stepIndex() + 1);
        props.put("sendId", s.id());
        if (s.email() != null) {
            props.put("email", s.email());
        }
        if (s.cartId() != null) {
            props.put("cartId", s.cartId());
        }
        props.put("abandonmentId", s.abandonmentId());
        props.put("channel", "email");
        props.putAll(extra);
        Map<String, Object> context = Map.of("library", Map.of("name", "cartback-campaign-service"));
        return new TrackedEvent(messageId, "track", event, null, s.userId(), s.anonymousId(), null, null,
                s.shopperKey(), at, at, null, wallNow, SOURCE_ID, null, props, null, context);
    }
}
