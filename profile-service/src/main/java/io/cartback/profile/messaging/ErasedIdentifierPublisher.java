package io.cartback.profile.messaging;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.cartback.contracts.ErasedIdentifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes the keyed hashes of erased identifiers on cdp.erased-identifiers.v1 (compacted, key = hash), from
 * which ingest-service builds the set of callers whose events it drops. Completes when Kafka acknowledged all.
 */
@ApplicationScoped
public class ErasedIdentifierPublisher {
    private final ProfilePublisher json;

    @Inject
    @Channel("erased-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 2000)
    MutinyEmitter<Record<String, byte[]>> erased;

    public ErasedIdentifierPublisher(ProfilePublisher json) {
        this.json = json;
    }

    public Uni<Void> publish(List<ErasedIdentifier> identifiers) {
        if (identifiers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(identifiers.stream()
                        .map(i -> erased.send(Record.of(i.keyHash(), json.bytes(i))))
                        .toList())
                .andFailFast().replaceWithVoid();
    }
}
