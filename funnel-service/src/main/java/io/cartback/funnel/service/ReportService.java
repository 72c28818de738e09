package io.cartback.funnel.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.funnel.config.FunnelConfig;
import io.cartback.funnel.domain.FreeShippingWhatIf;
import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.FunnelReport;
import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.domain.ReportBuilder;
import io.cartback.funnel.persistence.FunnelStore;

/** Reads: funnel reports from the in-memory journey index, abandonment figures from the database. */
@ApplicationScoped
public class ReportService {
    private final JourneyIndex index;
    private final WatermarkService watermark;
    private final Db db;
    private final FunnelStore store;
    private final ReportBuilder reports;
    private final ZoneId zone;
    private final FunnelConfig config;

    public ReportService(JourneyIndex index, WatermarkService watermark, Db db, FunnelStore store, FunnelConfig config) {
        this.index = index;
        this.watermark = watermark;
        this.db = db;
        this.store = store;
        this.config = config;
        this.zone = ZoneId.of(config.storeTimeZone());
        this.reports = new ReportBuilder(zone, config.sessionGap());
    }

    public ZoneId zone() {
        return zone;
    }

    /** Today in the store's time zone by the event-time clock (the default end of a report range). */
    public LocalDate today() {
        Instant wm = watermark.current();
        return wm.equals(Instant.EPOCH) ? LocalDate.now(zone) : wm.atZone(zone).toLocalDate();
    }

    public FunnelReport report(FunnelDefinition f, LocalDate from, LocalDate to) {
        FunnelReport r = reports.build(f, index.journeys(f.id()), from, to, watermark.current());
        return r.withTooLateEvents(watermark.stored().lateEvents());
    }

    public FreeShippingWhatIf.Result freeShipping(BigDecimal threshold, LocalDate from, LocalDate to) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return FreeShippingWhatIf.compute(threshold, db.tx(c -> store.abandonedCartValues(c, start, end)));
    }

    public List<FunnelStore.AbandonmentRow> abandonments(LocalDate from, LocalDate to, int limit) {
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        return db.tx(c -> store.abandonments(c, start, end, limit));
    }

    /** A dropped journey with why. */
    public record Dropped(String journeyId, String shopperKey, Instant enteredAt, Instant lastEventAt, String step,
                          String reason, List<String> evidence) {
    }

    public List<Dropped> dropped(FunnelDefinition f, LocalDate from, LocalDate to, String stepId, int limit) {
        long start = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long end = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        Instant wm = watermark.current();
        List<Journey> picked = new ArrayList<>();
        for (Journey j : index.journeys(f.id())) {
            long e = j.stepAt()[0];
            if (e >= start && e < end
                    && j.status(wm, config.sessionGap(), f.conversionWindow()) == Journey.Status.DROPPED
                    && (stepId == null || f.steps().get(j.reached()).id().equals(stepId))) {
                picked.add(j);
            }
        }
        picked.sort(Comparator.comparing(Journey::enteredAt).reversed());
        List<Journey> page = picked.subList(0, Math.min(limit, picked.size()));
        return db.tx(c -> {
            List<Dropped> out = new ArrayList<>();
            for (Journey j : page) {
                out.add(new Dropped(j.journeyId(), j.shopperKey(), j.enteredAt(), j.lastEventAt(),
                        f.steps().get(j.reached()).id(), j.reason(),
                        store.journeyEvidence(c, j.journeyId()).orElse(List.of())));
            }
            return out;
        });
    }
}
