package io.cartback.funnel.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.funnel.service.FunnelProcessor;
import io.smallrye.reactive.messaging.annotations.Blocking;

/** cdp.identity-merges.v1 (move state onto the surviving profile) and cdp.profiles.v1 (keys; tombstone = erase). */
@ApplicationScoped
public class IdentityConsumer {
    private static final Logger LOG = Logger.getLogger(IdentityConsumer.class);
    private final ObjectMapper json;
    private final FunnelProcessor processor;

    public IdentityConsumer(ObjectMapper json, FunnelProcessor processor) {
        this.json = json;
        this.processor = processor;
    }

    @Incoming("merges-in")
    @Blocking(ordered = true)
    public void merge(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            return;
        }
        try {
            IdentityMerge merge = json.readValue(r.value(), IdentityMerge.class);
            Dependencies.runWhileUnreachable(() -> processor.applyMerge(merge), "funnel identity merge", LOG);
        } catch (JsonProcessingException e) {
            LOG.warnf("skipping unreadable merge at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    @Incoming("profiles-in")
    @Blocking(ordered = true)
    public void profile(ConsumerRecord<String, String> r) {
        if (r.value() == null) {
            if (r.key() != null) {
                Dependencies.runWhileUnreachable(() -> processor.erase(r.key()), "funnel erasure", LOG);
            }
            return;
        }
        try {
            ProfileSnapshot snapshot = json.readValue(r.value(), ProfileSnapshot.class);
            Dependencies.runWhileUnreachable(() -> processor.applyProfile(snapshot), "funnel profile", LOG);
        } catch (JsonProcessingException e) {
            LOG.warnf("skipping unreadable profile at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }
}
