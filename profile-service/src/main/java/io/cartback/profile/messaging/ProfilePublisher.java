package io.cartback.profile.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.ProfileSnapshot;
import io.cartback.profile.service.BatchOutcome;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes snapshots (key = profile id; null value = tombstone) on cdp.profiles.v1 and merges on
 * cdp.identity-merges.v1. The returned Uni completes when Kafka acknowledged every record (acks=all), so the
 * consumer acknowledges its batch (and commits offsets) only after the publishes succeeded.
 */
@ApplicationScoped
public class ProfilePublisher {
    private final ObjectMapper json;

    @Inject
    @Channel("profiles-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20000)
    MutinyEmitter<Record<String, byte[]>> profiles;

    @Inject
    @Channel("merges-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 20000)
    MutinyEmitter<Record<String, byte[]>> merges;

    public ProfilePublisher(ObjectMapper json) {
        this.json = json;
    }

    public Uni<Void> publish(BatchOutcome outcome) {
        List<Uni<Void>> sends = new ArrayList<>();
        for (ProfileSnapshot s : outcome.snapshots()) {
            sends.add(profiles.send(Record.of(s.profileId(), bytes(s))));
        }
        for (String id : outcome.tombstones()) {
            sends.add(profiles.send(Record.of(id, null)));
        }
        for (BatchOutcome.MergeMessage m : outcome.merges()) {
            sends.add(merges.send(Record.of(m.key(), m.json())));
        }
        if (sends.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    public Uni<Void> tombstone(String profileId) {
        return profiles.send(Record.of(profileId, null));
    }

    public byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
