package io.cartback.funnel.domain;

import static io.cartback.funnel.domain.Ev.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportBuilderTest {
    private final FunnelDefinition checkout = FunnelDefinition.defaultCheckout();
    private final Duration gap = Duration.ofMinutes(30);
    private final JourneyBuilder builder = new JourneyBuilder(gap, ReasonRules.defaults());
    private final ZoneId la = ZoneId.of("America/Los_Angeles");
    private final ReportBuilder reports = new ReportBuilder(la, gap);

    @Test
    void countsEnteredConvertedInProgressAndDroppedPerStep() {
        List<Journey> js = new ArrayList<>();
        js.addAll(builder.build(checkout, "a", List.of(
                track("a", "2024-05-01T17:00:00Z", "Product Viewed"),
                add("a", "2024-05-01T17:01:00Z", "A", "1", 1),
                track("a", "2024-05-01T17:02:00Z", "Cart Viewed"),
                step("a", "2024-05-01T17:03:00Z", "shipping"),
                step("a", "2024-05-01T17:04:00Z", "payment"),
                step("a", "2024-05-01T17:05:00Z", "review"),
                order("a", "2024-05-01T17:06:00Z", "o", "1"))));
        js.addAll(builder.build(checkout, "b", List.of(
                track("b", "2024-05-01T18:00:00Z", "Product Viewed"),
                add("b", "2024-05-01T18:02:00Z", "A", "1", 1))));
        js.addAll(builder.build(checkout, "c", List.of(
                track("c", "2024-05-01T19:00:00Z", "Product Viewed"),
                add("c", "2024-05-01T19:04:00Z", "A", "1", 1))));
        // watermark: b's session closed (last 18:02 + 30 min), c's still open
        FunnelReport r = reports.build(checkout, js, LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 1),
                t("2024-05-01T19:10:00Z"));
        assertEquals(3, r.journeys());
        assertEquals(1, r.converted());
        FunnelReport.StepStats added = r.steps().get(1);
        assertEquals(3, added.entered());
        assertEquals(1, added.convertedToNext());
        assertEquals(1, added.dropped());
        assertEquals(1, added.inProgress());
        assertEquals(1L, added.reasons().get("low_intent"));
        FunnelReport.StepStats viewed = r.steps().get(0);
        assertEquals(3, viewed.convertedToNext());
        assertEquals(120.0, viewed.medianSecondsToNext(), "median of 60, 120, 240 s");
        assertEquals(0, r.steps().get(3).entered(), "optional account step was skipped");
        assertEquals(1, r.steps().get(2).convertedToNext());
    }

    @Test
    void daysAreStoreLocalAndDstDaysAreWholeDays() {
        // 2024-03-10 is the 23-hour spring-forward day in Los Angeles: 08:00Z .. 2024-03-11T07:00Z
        List<Journey> js = new ArrayList<>();
        js.addAll(builder.build(checkout, "a", List.of(track("a", "2024-03-10T07:59:00Z", "Product Viewed"))));
        js.addAll(builder.build(checkout, "b", List.of(track("b", "2024-03-10T08:00:00Z", "Product Viewed"))));
        js.addAll(builder.build(checkout, "c", List.of(track("c", "2024-03-11T06:59:59Z", "Product Viewed"))));
        js.addAll(builder.build(checkout, "d", List.of(track("d", "2024-03-11T07:00:00Z", "Product Viewed"))));
        FunnelReport r = reports.build(checkout, js, LocalDate.of(2024, 3, 9), LocalDate.of(2024, 3, 11),
                t("2024-04-01T00:00:00Z"));
        assertEquals(3, r.days().size());
        assertEquals(LocalDate.of(2024, 3, 9), r.days().get(0).date());
        assertEquals(1L, r.days().get(0).entered().get(0));
        assertEquals(2L, r.days().get(1).entered().get(0));
        assertEquals(1L, r.days().get(2).entered().get(0));
        FunnelReport oneDay = reports.build(checkout, js, LocalDate.of(2024, 3, 10), LocalDate.of(2024, 3, 10),
                t("2024-04-01T00:00:00Z"));
        assertEquals(2, oneDay.journeys());
    }

    @Test
    void breakdownsSplitByDeviceChannelIdentityAndVisitor() {
        List<Journey> js = new ArrayList<>();
        js.addAll(builder.build(checkout, "a", List.of(
                track("a", "2024-05-01T17:00:00Z", "Product Viewed"),
                known(track("a", "2024-05-02T17:00:00Z", "Product Viewed"), "u1"))));
        FunnelReport r = reports.build(checkout, js, LocalDate.of(2024, 5, 1), LocalDate.of(2024, 5, 2),
                t("2024-06-01T00:00:00Z"));
        FunnelReport.Breakdown identity = r.breakdowns().stream().filter(b -> b.dimension().equals("identity"))
                .findFirst().orElseThrow();
        assertEquals(List.of("anonymous", "known"), identity.segments().stream().map(FunnelReport.Segment::value).toList());
        FunnelReport.Breakdown visitor = r.breakdowns().stream().filter(b -> b.dimension().equals("visitor"))
                .findFirst().orElseThrow();
        assertEquals(List.of("new", "returning"), visitor.segments().stream().map(FunnelReport.Segment::value).toList());
        assertEquals("desktop", r.breakdowns().get(0).segments().get(0).value());
    }
}
