package io.cartback.campaign.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.campaign.domain.Attribution;
import io.cartback.campaign.persistence.SendStore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** Per campaign and step: triggered, sent, suppressed by reason, opened, clicked; recovery and lift per group. */
@ApplicationScoped
public class ReportService {
    private final CampaignService campaigns;
    private final SendStore sends;
    private final WatermarkService clock;

    public ReportService(CampaignService campaigns, SendStore sends, WatermarkService clock) {
        this.campaigns = campaigns;
        this.sends = sends;
        this.clock = clock;
    }

    /**
     * In the holdout group, steps that passed every gate and would have been mailed are counted as suppressed
     * with reason {@code holdout}; the other reasons are tracked exactly as for the mailed group.
     * {@code pending} includes claimed and in-flight steps; {@code outcomeUnknown} are crash-window sends.
     */
    @RegisterForReflection
    public record StepGroup(long triggered, long sent, long pending, long failed, long outcomeUnknown,
            Map<String, Long> suppressed, long quietHoursDeferrals, long cartChangeDeferrals, long opened,
            long clicked) {
    }

    @RegisterForReflection
    public record StepReport(int step, StepGroup mailed, StepGroup holdout) {
    }

    @RegisterForReflection
    public record GroupOutcome(long enrolled, long recoveredOrders, BigDecimal recoveredRevenue,
            double conversionRate) {
    }

    @RegisterForReflection
    public record Lift(double absolute, Double relative, double incrementalOrders, BigDecimal incrementalRevenue) {
    }

    @RegisterForReflection
    public record CampaignReport(UUID campaignId, String name, String status, Instant watermark,
            String attributionWindow, List<StepReport> steps, GroupOutcome mailed, GroupOutcome holdout, Lift lift) {
    }

    public Uni<CampaignReport> report(UUID id) {
        return campaigns.get(id).flatMap(c -> sends.stepCounts(id).flatMap(counts -> sends
                .outcomes(id, c.definition().attributionWindow()).map(outcomes -> {
                    List<StepReport> steps = new ArrayList<>();
                    for (int i = 0; i < c.definition().steps().size(); i++) {
                        steps.add(new StepReport(i + 1, group(counts, i, false), group(counts, i, true)));
                    }
                    Attribution.Group t = new Attribution.Group(0, 0, BigDecimal.ZERO);
                    Attribution.Group h = new Attribution.Group(0, 0, BigDecimal.ZERO);
                    for (SendStore.GroupOutcome o : outcomes) {
                        Attribution.Group g = new Attribution.Group(o.enrolled(), o.recovered(), o.revenue());
                        if (o.holdout()) {
                            h = g;
                        } else {
                            t = g;
                        }
                    }
                    Attribution.Lift lift = Attribution.lift(t, h);
                    return new CampaignReport(c.id(), c.name(), c.status().name().toLowerCase(), clock.current(),
                            c.definition().attributionWindow().toString(), steps, outcome(t), outcome(h),
                            new Lift(lift.absoluteLift(), lift.relativeLift(), lift.incrementalOrders(),
                                    lift.incrementalRevenue()));
                })));
    }

    private static GroupOutcome outcome(Attribution.Group g) {
        return new GroupOutcome(g.enrolled(), g.recovered(), g.revenue(), g.rate());
    }

    private static StepGroup group(List<SendStore.StepStateCount> counts, int step, boolean holdout) {
        long triggered = 0, sent = 0, pending = 0, failed = 0, unknown = 0, quiet = 0, cart = 0, opened = 0, clicked = 0;
        Map<String, Long> suppressed = new TreeMap<>();
        for (SendStore.StepStateCount s : counts) {
            if (s.stepIndex() != step || s.holdout() != holdout) {
                continue;
            }
            triggered += s.count();
            quiet += s.quietDeferrals();
            cart += s.cartDeferrals();
            opened += s.opened();
            clicked += s.clicked();
            switch (s.state()) {
                case "SENT" -> sent += s.count();
                case "HELD_OUT" -> suppressed.merge("holdout", s.count(), Long::sum);
                case "PENDING", "CLAIMED", "SENDING" -> pending += s.count();
                case "FAILED" -> failed += s.count();
                case "UNKNOWN" -> unknown += s.count();
                case "SUPPRESSED" -> suppressed.merge(s.reason(), s.count(), Long::sum);
                default -> {
                }
            }
        }
        return new StepGroup(triggered, sent, pending, failed, unknown, suppressed, quiet, cart, opened, clicked);
    }
}
