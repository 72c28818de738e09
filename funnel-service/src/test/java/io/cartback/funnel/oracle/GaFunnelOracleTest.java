package io.cartback.funnel.oracle;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.FunnelReport;
import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.domain.JourneyBuilder;
import io.cartback.funnel.domain.ReasonRules;
import io.cartback.funnel.domain.ReportBuilder;
import io.cartback.funnel.domain.ShopperEvent;
import io.cartback.importer.ga.GaWindow;

/**
 * Oracle: on a week of the real Google Merchandise Store rows, the funnel domain fed with the importer's mapping
 * and DuckDB SQL over the raw rows give the same number of journeys at every step of the default funnel.
 */
class GaFunnelOracleTest {

    @Test
    void defaultFunnelStepCountsEqualDuckDbOverTheSameRows() throws Exception {
        Path file = GaShopperEvents.file();
        Assumptions.assumeTrue(file != null, "the GA export (../shared/data) is not present");
        LocalDate from = LocalDate.of(2016, 8, 1);
        LocalDate to = LocalDate.of(2016, 8, 7);

        Map<String, List<ShopperEvent>> events = GaShopperEvents.read(file, GaWindow.days(from, to, DuckDbFunnel.STORE));
        FunnelDefinition checkout = FunnelDefinition.defaultCheckout();
        JourneyBuilder builder = new JourneyBuilder(Duration.ofMinutes(30), ReasonRules.defaults());
        List<Journey> journeys = new ArrayList<>();
        events.forEach((key, ev) -> journeys.addAll(builder.build(checkout, key, ev)));
        FunnelReport report = new ReportBuilder(DuckDbFunnel.STORE, Duration.ofMinutes(30))
                .build(checkout, journeys, from, to, Instant.parse("2017-01-01T00:00:00Z"));
        List<Long> service = report.steps().stream().map(FunnelReport.StepStats::entered).toList();

        List<Long> duck;
        try (DuckDbFunnel oracle = new DuckDbFunnel()) {
            assertTrue(oracle.load(file, from, to) > 50_000, "a week of rows was loaded");
            duck = oracle.enteredPerStep(from, to);
        }
        System.out.println("funnel domain " + service + "\nduckdb        " + duck);
        assertTrue(service.get(7) > 50, "the week has orders through the funnel: " + service);
        assertEquals(duck, service);
        // every converted journey is counted once and the rest stop at exactly one step
        assertEquals(report.journeys(), report.converted() + report.dropped() + report.inProgress());
    }
}
