package io.cartback.funnel.service;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/** Fires due cart timers as the watermark moves (with events, idleness, or an operator's push). */
@ApplicationScoped
public class TimerSweeper {
    private static final Logger LOG = Logger.getLogger(TimerSweeper.class);
    private final FunnelProcessor processor;

    public TimerSweeper(FunnelProcessor processor) {
        this.processor = processor;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        try {
            processor.fireDueTimers();
        } catch (RuntimeException e) {
            LOG.warnf("cart timer sweep failed, will retry: %s", e.getMessage());
        }
    }
}
