package io.cartback.campaign.service;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;

import io.cartback.campaign.persistence.SendStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Publishes queued email events to cdp.events.v1 and deletes them only after the broker acknowledged them. */
@ApplicationScoped
public class OutboxRelay {
    private final SendStore store;
    private final MutinyEmitter<Record<String, String>> emitter;

    public OutboxRelay(SendStore store, @Channel("events-out") MutinyEmitter<Record<String, String>> emitter) {
        this.store = store;
        this.emitter = emitter;
    }

    public Uni<Void> drain() {
        return store.drainOutbox(500, this::publish)
                .flatMap(n -> n >= 500 ? drain() : Uni.createFrom().voidItem());
    }

    private Uni<Void> publish(List<SendStore.OutboxRow> rows) {
        List<Uni<Void>> sends = rows.stream().map(r -> emitter.send(Record.of(r.key(), r.payload()))).toList();
        return Uni.join().all(sends).andFailFast().replaceWithVoid();
    }
}
