package io.cartback.campaign.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Drives the dispatcher and the outbox relay. Each tick drains everything due by the watermark (batch after
 * batch), so a burst of due sends is worked off in one go rather than one batch per tick.
 */
@ApplicationScoped
public class Ticker {
    private static final Logger LOG = Logger.getLogger(Ticker.class);
    private final DispatchService dispatch;
    private final OutboxRelay relay;
    private final WatermarkService watermark;
    private final int batchSize;
    private long ticks;
    private volatile boolean ready;

    public Ticker(DispatchService dispatch, OutboxRelay relay, WatermarkService watermark,
            io.cartback.campaign.config.CampaignConfig config) {
        this.dispatch = dispatch;
        this.relay = relay;
        this.watermark = watermark;
        this.batchSize = config.batchSize();
    }

    /** Observed last (lowest priority), after messaging has connected the outbox emitter. */
    void onStart(@jakarta.enterprise.event.Observes @jakarta.annotation.Priority(Integer.MAX_VALUE)
            io.quarkus.runtime.StartupEvent e) {
        ready = true;
    }

    @Scheduled(every = "${cdp.campaign.dispatch-interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (!ready) {
            return Uni.createFrom().voidItem();
        }
        Uni<Void> housekeeping = ticks++ % 10 == 0
                ? dispatch.recoverLeases().invoke(r -> {
                    if (r[0] + r[1] > 0) {
                        LOG.warnf("expired leases: %d claims released, %d sends marked outcome_unknown", r[0], r[1]);
                    }
                }).flatMap(x -> watermark.persist())
                : Uni.createFrom().voidItem();
        return housekeeping.flatMap(x -> drain(50)).flatMap(x -> relay.drain())
                .onFailure().invoke(e -> LOG.error("dispatch tick failed", e))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> drain(int maxBatches) {
        return dispatch.dispatchBatch().flatMap(n -> n >= batchSize && maxBatches > 1
                ? relay.drain().flatMap(x -> drain(maxBatches - 1))
                : Uni.createFrom().voidItem());
    }
}
