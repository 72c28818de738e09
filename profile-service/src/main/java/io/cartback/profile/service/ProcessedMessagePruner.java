package io.cartback.profile.service;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cartback.profile.config.ProfileConfig;
import io.cartback.profile.persistence.ProcessedMessageRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/** Forgets consumed message ids once they can no longer be redelivered (older than the topic's retention). */
@ApplicationScoped
public class ProcessedMessagePruner {
    private static final Logger LOG = Logger.getLogger(ProcessedMessagePruner.class);
    private final ProcessedMessageRepository processed;
    private final ProfileConfig config;

    public ProcessedMessagePruner(ProcessedMessageRepository processed, ProfileConfig config) {
        this.processed = processed;
        this.config = config;
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> prune() {
        Instant cutoff = Instant.now().minus(config.processedRetention());
        return Panache.withTransaction(() -> processed.deleteOlderThan(cutoff))
                .invoke(n -> LOG.debugf("pruned %d processed message ids older than %s", n, cutoff))
                .replaceWithVoid();
    }
}
