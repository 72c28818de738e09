package io.cartback.campaign.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.config.CampaignConfig;
import io.cartback.campaign.domain.Watermark;
import io.cartback.campaign.persistence.SendStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;

/** The service's event-time clock, fed by every consumer, persisted so a restart does not move it back. */
@ApplicationScoped
public class WatermarkService {
    private final SendStore store;
    private final Clock clock = Clock.systemUTC();
    private final Watermark watermark;

    public WatermarkService(SendStore store, CampaignConfig config) {
        this.store = store;
        this.watermark = new Watermark(config.allowedLateness(), config.idleAdvanceAfter(), null, clock.instant());
    }

    /** A restart continues from the persisted watermark instead of from the epoch. */
    void onStart(@Observes StartupEvent e) {
        Instant restored = store.loadWatermark().await().indefinitely();
        if (restored != null) {
            watermark.advanceTo(restored, clock.instant());
        }
    }

    public void observe(Instant eventTime) {
        watermark.observe(eventTime, clock.instant());
    }

    public Instant current() {
        return watermark.current(clock.instant());
    }

    public Instant maxEventTime() {
        return watermark.maxEventTime();
    }

    public Uni<Instant> advanceTo(Instant target) {
        Instant now = watermark.advanceTo(target, clock.instant());
        return store.saveWatermark(now).replaceWith(now);
    }

    public Uni<Void> persist() {
        return store.saveWatermark(current());
    }

    public Instant wallNow() {
        return clock.instant();
    }
}
