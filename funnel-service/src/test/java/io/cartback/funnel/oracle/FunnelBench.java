package io.cartback.funnel.oracle;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.FunnelReport;
import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.domain.JourneyBuilder;
import io.cartback.funnel.domain.ReasonRules;
import io.cartback.funnel.domain.ReportBuilder;
import io.cartback.funnel.domain.ShopperEvent;
import io.cartback.importer.ga.GaWindow;

/**
 * bench/funnel-report.sh: the default funnel report over the full 92 days (and one week) from the service's
 * storage design (per-journey rows in memory, as JourneyIndex holds them) against DuckDB answering the same
 * question from the same raw rows, in the same run. Prints both timings, the ratio, and whether the numbers agree.
 */
public final class FunnelBench {
    public static void main(String[] args) throws Exception {
        Path file = GaShopperEvents.file();
        if (file == null) {
            throw new IllegalStateException("GA export not found; set CDP_GA_FILE");
        }
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        LocalDate first = LocalDate.of(2016, 8, 1);
        LocalDate last = LocalDate.of(2016, 10, 31);
        LocalDate weekFrom = LocalDate.of(2016, 9, 5);
        LocalDate weekTo = LocalDate.of(2016, 9, 11);
        FunnelDefinition checkout = FunnelDefinition.defaultCheckout();

        long t = System.nanoTime();
        Map<String, List<ShopperEvent>> events = GaShopperEvents.read(file, GaWindow.days(first, last, DuckDbFunnel.STORE));
        long mapped = events.values().stream().mapToLong(List::size).sum();
        double mapSeconds = (System.nanoTime() - t) / 1e9;
        t = System.nanoTime();
        JourneyBuilder builder = new JourneyBuilder(Duration.ofMinutes(30), ReasonRules.defaults());
        Map<String, Journey> index = new ConcurrentHashMap<>();
        events.forEach((key, ev) -> builder.build(checkout, key, ev).forEach(j -> index.put(j.journeyId(), j)));
        double buildSeconds = (System.nanoTime() - t) / 1e9;
        events = null;
        System.gc();
        System.out.printf(Locale.ROOT, "mapped %,d events (importer mapping) in %.1f s; built %,d journeys in %.1f s%n",
                mapped, mapSeconds, index.size(), buildSeconds);

        ReportBuilder reports = new ReportBuilder(DuckDbFunnel.STORE, Duration.ofMinutes(30));
        Instant wm = Instant.parse("2016-11-02T00:00:00Z");
        try (DuckDbFunnel duck = new DuckDbFunnel()) {
            t = System.nanoTime();
            long rows = duck.load(file, first, last);
            System.out.printf(Locale.ROOT, "duckdb loaded %,d rows in %.1f s (not timed below)%n", rows,
                    (System.nanoTime() - t) / 1e9);
            for (LocalDate[] range : List.of(new LocalDate[] {first, last}, new LocalDate[] {weekFrom, weekTo})) {
                double[] ours = new double[runs];
                double[] theirs = new double[runs];
                FunnelReport report = null;
                List<Long> duckCounts = null;
                for (int i = 0; i < 3; i++) { // warm-up
                    report = reports.build(checkout, index.values(), range[0], range[1], wm);
                }
                for (int i = 0; i < runs; i++) {
                    long s = System.nanoTime();
                    report = reports.build(checkout, index.values(), range[0], range[1], wm);
                    ours[i] = (System.nanoTime() - s) / 1e6;
                    s = System.nanoTime();
                    duckCounts = duck.enteredPerStep(range[0], range[1]);
                    theirs[i] = (System.nanoTime() - s) / 1e6;
                }
                List<Long> serviceCounts = report.steps().stream().map(FunnelReport.StepStats::entered).toList();
                double o = median(ours);
                double d = median(theirs);
                System.out.printf(Locale.ROOT, "%s..%s  funnel-service %.2f ms  duckdb %.1f ms  ratio %.0fx  identical=%s%n"
                                + "    service %s%n    duckdb  %s%n",
                        range[0], range[1], o, d, d / o, serviceCounts.equals(duckCounts), serviceCounts, duckCounts);
            }
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private FunnelBench() {
    }

}
