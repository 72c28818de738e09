package io.cartback.ingest.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.TrackedEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * The one publisher of {@code cdp.events.v1}. The returned Uni completes only when Kafka acknowledged every
 * event (acks=all, idempotent producer) and fails if any was not, so the HTTP answer tells the truth.
 * Key = shopper key, so one shopper's events stay ordered in one partition.
 */
@ApplicationScoped
public class EventPublisher {
    private final MutinyEmitter<byte[]> emitter;
    private final ObjectMapper mapper;

    public EventPublisher(@Channel("events-out") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
                          MutinyEmitter<byte[]> emitter, ObjectMapper mapper) {
        this.emitter = emitter;
        this.mapper = mapper;
    }

    public Uni<Void> publish(List<TrackedEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Uni<Void>> sends = new ArrayList<>(events.size());
        for (TrackedEvent event : events) {
            byte[] value;
            try {
                value = mapper.writeValueAsBytes(event);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            Message<byte[]> message = Message.of(value).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(event.shopperKey()).build());
            sends.add(emitter.sendMessage(message));
        }
        return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
    }
}
