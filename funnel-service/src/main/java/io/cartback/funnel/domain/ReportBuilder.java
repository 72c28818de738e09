package io.cartback.funnel.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Aggregates journeys into a {@link FunnelReport}. A journey belongs to the store-local day on which it entered
 * the funnel; the range is inclusive and its bounds are store-local midnights, so a 23- or 25-hour DST day is
 * exactly one day. Each unconverted journey stops at exactly one step (its furthest), where it counts as in
 * progress or dropped by {@link Journey#status}.
 */
public final class ReportBuilder {
    private final ZoneId zone;
    private final Duration sessionGap;

    public ReportBuilder(ZoneId zone, Duration sessionGap) {
        this.zone = zone;
        this.sessionGap = sessionGap;
    }

    public FunnelReport build(FunnelDefinition f, Iterable<Journey> journeys, LocalDate from, LocalDate to,
                              Instant watermark) {
        int n = f.size();
        long startMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long endMs = to.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long[] entered = new long[n];
        long[] converted = new long[n];
        long[] inProgress = new long[n];
        long[] dropped = new long[n];
        List<List<Long>> toNext = new ArrayList<>();
        List<Map<String, Long>> stepReasons = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            toNext.add(new ArrayList<>());
            stepReasons.add(new TreeMap<>());
        }
        Map<String, Long> reasons = new TreeMap<>();
        Map<String, Map<String, long[]>> dims = new LinkedHashMap<>();
        for (String d : List.of("device", "channel", "identity", "visitor")) {
            dims.put(d, new TreeMap<>());
        }
        Map<LocalDate, long[]> days = new TreeMap<>();
        long total = 0;
        long totalConverted = 0;
        long totalInProgress = 0;
        long totalDropped = 0;
        // store-local day boundaries, computed once per report (DST-correct)
        int dayCount = (int) (to.toEpochDay() - from.toEpochDay()) + 1;
        long[] dayStart = new long[dayCount + 1];
        for (int d = 0; d <= dayCount; d++) {
            dayStart[d] = from.plusDays(d).atStartOfDay(zone).toInstant().toEpochMilli();
        }
        for (Journey j : journeys) {
            if (!j.funnelId().equals(f.id())) {
                continue;
            }
            long entry = j.stepAt()[0];
            if (entry < startMs || entry >= endMs) {
                continue;
            }
            total++;
            long[] at = j.stepAt();
            for (int i = 0; i < n; i++) {
                if (at[i] == Journey.NOT_REACHED) {
                    continue;
                }
                entered[i]++;
                if (i < j.reached()) {
                    converted[i]++;
                    for (int k = i + 1; k < n; k++) {
                        if (at[k] != Journey.NOT_REACHED) {
                            toNext.get(i).add(at[k] - at[i]);
                            break;
                        }
                    }
                }
            }
            Journey.Status status = j.status(watermark, sessionGap, f.conversionWindow());
            int r = j.reached();
            if (status == Journey.Status.CONVERTED) {
                totalConverted++;
            } else if (status == Journey.Status.IN_PROGRESS) {
                inProgress[r]++;
                totalInProgress++;
            } else {
                dropped[r]++;
                totalDropped++;
                String reason = j.reason() == null ? "unknown" : j.reason();
                reasons.merge(reason, 1L, Long::sum);
                stepReasons.get(r).merge(reason, 1L, Long::sum);
            }
            boolean conv = status == Journey.Status.CONVERTED;
            count(dims.get("device"), orUnknown(j.device()), at, n, conv);
            count(dims.get("channel"), orUnknown(j.channel()), at, n, conv);
            count(dims.get("identity"), j.known() ? "known" : "anonymous", at, n, conv);
            count(dims.get("visitor"), j.returning() ? "returning" : "new", at, n, conv);
            int d = Arrays.binarySearch(dayStart, entry);
            int dayIndex = d >= 0 ? d : -d - 2;
            long[] row = days.computeIfAbsent(from.plusDays(dayIndex), k -> new long[n + 1]);
            for (int i = 0; i < n; i++) {
                if (at[i] != Journey.NOT_REACHED) {
                    row[i]++;
                }
            }
            if (conv) {
                row[n]++;
            }
        }
        List<FunnelReport.StepStats> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FunnelDefinition.Step s = f.steps().get(i);
            boolean last = i == n - 1;
            steps.add(new FunnelReport.StepStats(s.id(), s.label(), s.optional(), entered[i],
                    last ? 0 : converted[i], inProgress[i], dropped[i],
                    last || entered[i] == 0 ? null : ratio(converted[i], entered[i]),
                    entered[0] == 0 ? null : ratio(entered[i], entered[0]),
                    median(toNext.get(i)), stepReasons.get(i)));
        }
        List<FunnelReport.Breakdown> breakdowns = new ArrayList<>();
        dims.forEach((name, segs) -> {
            List<FunnelReport.Segment> list = new ArrayList<>();
            segs.forEach((value, counts) -> list.add(new FunnelReport.Segment(value,
                    boxed(counts, n), counts[n])));
            breakdowns.add(new FunnelReport.Breakdown(name, list));
        });
        List<FunnelReport.Day> dayList = new ArrayList<>();
        days.forEach((date, counts) -> dayList.add(new FunnelReport.Day(date, boxed(counts, n), counts[n])));
        return new FunnelReport(f.id(), f.name(), from, to, zone.getId(), watermark, total, totalConverted,
                totalInProgress, totalDropped, steps, reasons, breakdowns, dayList, 0);
    }

    private static void count(Map<String, long[]> seg, String value, long[] at, int n, boolean conv) {
        long[] c = seg.computeIfAbsent(value, k -> new long[n + 1]);
        for (int i = 0; i < n; i++) {
            if (at[i] != Journey.NOT_REACHED) {
                c[i]++;
            }
        }
        if (conv) {
            c[n]++;
        }
    }

    private static List<Long> boxed(long[] counts, int n) {
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(counts[i]);
        }
        return out;
    }

    private static String orUnknown(String s) {
        return s == null || s.isBlank() ? "(unknown)" : s;
    }

    private static double ratio(long a, long b) {
        return Math.round(10000.0 * a / b) / 10000.0;
    }

    /** Median in seconds (mean of the two middle values for an even count); null when empty. */
    static Double median(List<Long> millis) {
        if (millis.isEmpty()) {
            return null;
        }
        long[] a = millis.stream().mapToLong(Long::longValue).sorted().toArray();
        int m = a.length / 2;
        double ms = a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2.0;
        return ms / 1000.0;
    }

    /** Groups journeys by funnel id (helper for callers holding several funnels). */
    public static Map<String, List<Journey>> byFunnel(Iterable<Journey> journeys) {
        Map<String, List<Journey>> out = new HashMap<>();
        Function<String, List<Journey>> mk = k -> new ArrayList<>();
        for (Journey j : journeys) {
            out.computeIfAbsent(j.funnelId(), mk).add(j);
        }
        return out;
    }
}
