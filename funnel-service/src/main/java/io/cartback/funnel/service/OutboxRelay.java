package io.cartback.funnel.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.cartback.contracts.Topics;
import io.cartback.funnel.persistence.FunnelStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.Record;

/**
 * Publishes outbox rows (written in the same transaction as the abandonment or recovery that caused them), in
 * order, marking them sent only after Kafka acknowledged. A crash between send and mark re-sends: consumers
 * recognise the repeat by {@code abandonmentId}. Rows are claimed with SKIP LOCKED so replicas share the work.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private final Db db;
    private final FunnelStore store;
    private final Instance<Publishers> publishers;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "funnel-outbox"));
    private final AtomicBoolean scheduled = new AtomicBoolean();

    public OutboxRelay(Db db, FunnelStore store, Instance<Publishers> publishers) {
        this.db = db;
        this.store = store;
        this.publishers = publishers;
    }

    /**
     * The emitters, looked up on first use: the scheduler may tick before Reactive Messaging has connected its
     * channels during startup; then this run fails and the next one succeeds.
     */
    @ApplicationScoped
    public static class Publishers {
        private final MutinyEmitter<Record<String, String>> abandoned;
        private final MutinyEmitter<Record<String, String>> recovered;

        public Publishers(@Channel("abandoned-out") MutinyEmitter<Record<String, String>> abandoned,
                          @Channel("recovered-out") MutinyEmitter<Record<String, String>> recovered) {
            this.abandoned = abandoned;
            this.recovered = recovered;
        }

        // accessors, not fields: callers hold a client proxy
        public MutinyEmitter<Record<String, String>> forTopic(String topic) {
            return Topics.CHECKOUTS_RECOVERED.equals(topic) ? recovered : abandoned;
        }
    }

    /** Asks for a relay run soon, off the caller's thread. */
    public void wake() {
        if (scheduled.compareAndSet(false, true)) {
            worker.submit(() -> {
                scheduled.set(false);
                relaySafely();
            });
        }
    }

    @Scheduled(every = "2s", delayed = "3s")
    void tick() {
        wake();
    }

    private void relaySafely() {
        try {
            while (relayOnce() > 0) {
                // drain
            }
        } catch (RuntimeException e) {
            LOG.warnf("outbox relay failed, will retry in 2 s: %s", e.getMessage());
        }
    }

    /** Publishes one page of unsent rows; returns how many were sent. */
    public synchronized int relayOnce() {
        Publishers p = publishers.get();
        return db.tx(c -> {
            List<FunnelStore.OutboxRow> rows = store.lockUnsent(c, 200);
            List<Long> sent = new ArrayList<>();
            List<Uni<Void>> acks = new ArrayList<>();
            for (FunnelStore.OutboxRow row : rows) {
                MutinyEmitter<Record<String, String>> emitter = p.forTopic(row.topic());
                acks.add(emitter.send(Record.of(row.key(), row.payload())));
                sent.add(row.id());
            }
            if (!acks.isEmpty()) {
                // one key's messages keep their order: the producer sends them in order on one partition
                Uni.join().all(acks).andFailFast().await().atMost(java.time.Duration.ofSeconds(30));
            }
            if (!sent.isEmpty()) {
                store.markSent(c, sent);
            }
            return sent.size();
        });
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
