package io.cartback.funnel.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cartback.funnel.domain.FunnelReport;

/** What the HTML report shows, laid out (SVG coordinates computed here, so the template stays plain). */
public record ReportPage(FunnelReport report, int chartHeight, int reasonChartHeight, List<Bar> bars, List<ReasonSlice> reasons,
                         List<String> stepLabels, List<Row> days, List<Table> breakdowns) {
    private static final String[] COLORS = {"#d9534f", "#f0ad4e", "#5bc0de", "#9b59b6", "#95a5a6", "#34495e"};
    static final int BAR_X = 240;
    static final int BAR_MAX = 560;

    public record Bar(String id, String label, boolean optional, long entered, long converted, long inProgress,
                      long dropped, int y, int width, int droppedWidth, int droppedX, int progressWidth, int progressX,
                      int textX, int textY, String rate, String median, String reasons) {
    }

    public record ReasonSlice(String reason, long count, String percent, int x, int width, String color, int legendY,
                              int boxY) {
    }

    public record Row(String label, List<Long> cells, long converted) {
    }

    public record Table(String dimension, List<Row> rows) {
    }

    public static ReportPage of(FunnelReport r) {
        long top = Math.max(1, r.steps().isEmpty() ? 1 : r.steps().get(0).entered());
        List<Bar> bars = new ArrayList<>();
        int y = 10;
        for (FunnelReport.StepStats s : r.steps()) {
            int w = (int) Math.round(BAR_MAX * (double) s.entered() / top);
            int dw = s.entered() == 0 ? 0 : (int) Math.round(w * (double) s.dropped() / s.entered());
            int pw = s.entered() == 0 ? 0 : (int) Math.round(w * (double) s.inProgress() / s.entered());
            StringBuilder rs = new StringBuilder();
            for (Map.Entry<String, Long> e : s.reasons().entrySet()) {
                rs.append(rs.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            }
            bars.add(new Bar(s.id(), s.label() + (s.optional() ? " (optional)" : ""), s.optional(), s.entered(),
                    s.convertedToNext(), s.inProgress(), s.dropped(), y, Math.max(w, 1), dw, BAR_X + w - dw - pw, pw,
                    BAR_X + w - pw, BAR_X + Math.max(w, 1) + 8, y + 19,
                    s.conversionRate() == null ? "–" : pct(s.conversionRate()),
                    s.medianSecondsToNext() == null ? "–" : duration(s.medianSecondsToNext()), rs.toString()));
            y += 36;
        }
        List<ReasonSlice> slices = new ArrayList<>();
        long totalDropped = r.reasons().values().stream().mapToLong(Long::longValue).sum();
        int x = 0;
        int i = 0;
        for (Map.Entry<String, Long> e : r.reasons().entrySet()) {
            int w = totalDropped == 0 ? 0 : (int) Math.round(800.0 * e.getValue() / totalDropped);
            slices.add(new ReasonSlice(e.getKey(), e.getValue(), pct((double) e.getValue() / totalDropped), x, w,
                    COLORS[i % COLORS.length], 50 + 20 * i, 39 + 20 * i));
            x += w;
            i++;
        }
        List<Row> days = r.days().stream().map(d -> new Row(d.date().toString(), d.entered(), d.converted())).toList();
        List<Table> tables = r.breakdowns().stream().map(b -> new Table(b.dimension(),
                b.segments().stream().map(s -> new Row(s.value(), s.entered(), s.converted())).toList())).toList();
        return new ReportPage(r, y + 10, 60 + 20 * slices.size(), bars, slices, r.steps().stream().map(FunnelReport.StepStats::label).toList(),
                days, tables);
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String duration(double seconds) {
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
}
