package io.cartback.funnel.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.funnel.config.FunnelConfig;
import io.cartback.funnel.domain.Watermark;
import io.cartback.funnel.persistence.FunnelStore;

/**
 * This replica's event-time clock, seeded from the database at start and saved with every batch (max event
 * time seen, floor pushed by operators or idleness, count of too-late events).
 */
@ApplicationScoped
public class WatermarkService {
    private final Watermark watermark;
    private final Clock clock;
    private final Db db;
    private final FunnelStore store;

    public WatermarkService(FunnelConfig config, Db db, FunnelStore store) {
        this.clock = Clock.systemUTC();
        this.db = db;
        this.store = store;
        FunnelStore.WatermarkRow row = db.tx(store::watermark);
        this.watermark = new Watermark(config.allowedLateness(), config.idleAfter(), row.maxByPartition(), row.floor(),
                clock.instant());
    }

    public Watermark clock() {
        return watermark;
    }

    public Instant now() {
        return clock.instant();
    }

    public Instant current() {
        return watermark.current(clock.instant());
    }

    public FunnelStore.WatermarkRow stored() {
        return db.tx(store::watermark);
    }

    /** Pushes the watermark (never back) and saves it. */
    public Instant advanceTo(Instant to) {
        Instant wm = watermark.advanceTo(to, clock.instant());
        db.tx(c -> {
            store.saveWatermark(c, null, wm, 0);
            return null;
        });
        return wm;
    }
}
