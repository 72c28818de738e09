package io.cartback.profile.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cartback.contracts.ErasedIdentifier;
import io.cartback.profile.messaging.ErasedIdentifierPublisher;
import io.cartback.profile.persistence.ErasedIdentifierEntity;
import io.cartback.profile.persistence.ErasedIdentifierRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Relays erased identifiers (the {@code erased_identifier} rows not yet published) to cdp.erased-identifiers.v1:
 * right after each erasure, and on a schedule for whatever a crash or a Kafka outage left behind (and the rows of
 * erasures made before the topic existed). A row is marked only after Kafka acknowledged it; publishing one twice
 * is harmless (compacted topic, key = hash, ingest keeps a set).
 */
@ApplicationScoped
public class ErasedIdentifierRelay {
    private static final Logger LOG = Logger.getLogger(ErasedIdentifierRelay.class);
    private static final int CHUNK = 500;
    private final ErasedIdentifierRepository rows;
    private final ErasedIdentifierPublisher publisher;

    public ErasedIdentifierRelay(ErasedIdentifierRepository rows, ErasedIdentifierPublisher publisher) {
        this.rows = rows;
        this.publisher = publisher;
    }

    /** Publishes every pending row; the number published. Fails when Kafka did not acknowledge. */
    public Uni<Integer> publishPending() {
        return publishChunk().chain(n -> n < CHUNK ? Uni.createFrom().item(n) : publishPending().map(m -> n + m));
    }

    private Uni<Integer> publishChunk() {
        return Panache.withTransaction(() -> rows.unpublished(CHUNK).chain(pending -> {
            if (pending.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<ErasedIdentifier> records = pending.stream()
                    .map(e -> new ErasedIdentifier(e.keyHash, e.erasedAt)).toList();
            List<String> hashes = pending.stream().map((ErasedIdentifierEntity e) -> e.keyHash).toList();
            return publisher.publish(records)
                    .chain(() -> rows.markPublished(hashes, Instant.now()))
                    .replaceWith(pending.size());
        }));
    }

    @Scheduled(every = "${cdp.profile.erased-relay-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> relay() {
        return publishPending()
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("published %d erased identifier hashes left pending", n);
                    }
                })
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("publishing erased identifier hashes failed, retrying later: %s", e.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }
}
