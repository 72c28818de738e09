package io.cartback.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Gathers what each service reports after the replay, and renders the summary a person reads. */
final class Report {
    private Report() {
    }

    static void collect(Api api, ObjectNode summary, JsonNode imported, boolean profile, boolean funnel,
                        boolean campaign, Path mailDir, Path out) throws IOException {
        // the import window is whole store days [start, end) in the store's zone
        java.time.ZoneId zone = java.time.ZoneId.of(imported.path("window").path("zone").asText("America/Los_Angeles"));
        String from = java.time.Instant.parse(imported.path("window").path("start").asText())
                .atZone(zone).toLocalDate().toString();
        String to = java.time.Instant.parse(imported.path("window").path("end").asText()).minusMillis(1)
                .atZone(zone).toLocalDate().toString();
        summary.put("from", from);
        summary.put("to", to);
        if (profile) {
            try {
                summary.set("profiles", api.get(DemoRun.PROFILE + "/profiles/stats"));
            } catch (IllegalStateException e) {
                summary.put("profiles", "profile-service has no /profiles/stats: " + e.getMessage());
            }
        }
        if (funnel) {
            String q = "?from=" + from + "&to=" + to;
            summary.set("funnel", api.get(DemoRun.FUNNEL + "/funnels/checkout/report" + q));
            Files.writeString(out.resolve("funnel-report.html"),
                    api.getText(DemoRun.FUNNEL + "/funnels/checkout/report" + q, "text/html"));
            summary.set("freeShippingWhatIf", api.get(DemoRun.FUNNEL + "/funnels/checkout/what-if/free-shipping"
                    + q + "&threshold=75"));
        }
        if (campaign) {
            String id = summary.path("campaign").path("id").asText();
            summary.set("campaignReport", api.get(DemoRun.CAMPAIGN + "/campaigns/" + id + "/report"));
        }
        summary.put("emailsSaved", Mail.export(mailDir, out.resolve("mail")));
    }

    static String render(JsonNode s, Path out) {
        StringBuilder r = new StringBuilder();
        JsonNode imp = s.path("import");
        JsonNode d = imp.path("delivery");
        JsonNode facts = imp.path("facts");
        r.append("\n================ Cartback demo report ================\n");
        r.append(String.format("Data: Google Merchandise Store (GA360 sample), store days %s .. %s (America/Los_Angeles)%n",
                s.path("from").asText(), s.path("to").asText()));
        r.append(String.format("      %,d rows, %,d sessions, %,d visitors, %,d orders, %,.2f USD revenue (counted from the raw rows)%n",
                facts.path("rows").asLong(), facts.path("sessions").asLong(), facts.path("visitors").asLong(),
                facts.path("orders").asLong(), facts.path("revenue").asDouble()));
        r.append(String.format("Replay: %,d events sent through the ingest API in %.0f s (%,.0f events/s), then %.0f s "
                        + "until every service had applied them and the timers fired%n",
                d.path("submitted").asLong(), s.path("importSeconds").asDouble(),
                d.path("submitted").asDouble() / Math.max(1, s.path("importSeconds").asDouble()),
                s.path("settleSeconds").asDouble()));
        r.append(String.format("Events: %,d accepted (%,d of them duplicates already stored), %,d rejected %s, %,d undelivered%n",
                d.path("accepted").asLong(), d.path("duplicates").asLong(), d.path("rejected").asLong(),
                d.path("rejectedByReason").toString(), d.path("undelivered").asLong()));
        r.append(String.format("        the data has no e-mail addresses: %,d shoppers who reached the your-info step got a "
                + "generated address v<visitor_id>@example.com (reserved domain)%n",
                imp.path("mapping").path("generatedEmails").asLong()));
        if (imp.path("quirks").size() > 0) {
            r.append("Data quirks handled (rules in docs/ga-mapping.md):\n");
            for (JsonNode q : imp.path("quirks")) {
                if (q.path("count").asLong() > 0) {
                    r.append(String.format("  %,8d  %s%n", q.path("count").asLong(), q.path("rule").asText()));
                }
            }
        }
        if (s.has("profiles")) {
            r.append("Profiles: ").append(s.path("profiles").isObject() ? fields(s.path("profiles"))
                    : s.path("profiles").asText()).append('\n');
        }
        if (s.has("funnel")) {
            r.append(Funnel.render(s.path("funnel")));
        }
        if (s.has("campaignReport")) {
            r.append(CampaignText.render(s.path("campaignReport")));
        }
        r.append(String.format("Emails: %d saved under %s (.eml, and .html to open in a browser)%n",
                s.path("emailsSaved").asInt(), out.resolve("mail")));
        if (s.has("funnel")) {
            r.append("Funnel chart: ").append(out.resolve("funnel-report.html"))
                    .append(" (live: ").append(DemoRun.FUNNEL).append("/funnels/checkout/report?from=")
                    .append(s.path("from").asText()).append("&to=").append(s.path("to").asText())
                    .append(" with the admin token, while the stack runs: ./cdp demo --keep-running)\n");
        }
        r.append("Summary JSON: ").append(out.resolve("summary.json")).append('\n');
        return r.toString();
    }

    static String fields(JsonNode o) {
        StringBuilder b = new StringBuilder();
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(e.getKey()).append(' ').append(e.getValue().isNumber()
                    ? String.format("%,d", e.getValue().asLong()) : e.getValue().asText());
            if (it.hasNext()) {
                b.append(", ");
            }
        }
        return b.toString();
    }

    /** The funnel section, from funnel-service's report JSON. */
    static final class Funnel {
        static String render(JsonNode f) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("Checkout funnel (%s, %s .. %s, %s): %,d journeys, %,d converted, %,d dropped, %,d in progress"
                            + ", %,d events too late%n", f.path("funnelId").asText(), f.path("from").asText(),
                    f.path("to").asText(), f.path("timeZone").asText(), f.path("journeys").asLong(),
                    f.path("converted").asLong(), f.path("dropped").asLong(), f.path("inProgress").asLong(),
                    f.path("tooLateEvents").asLong()));
            b.append(String.format("  %-26s %9s %9s %9s %8s  %s%n", "step", "entered", "next", "dropped", "rate",
                    "why they left"));
            for (JsonNode st : f.path("steps")) {
                b.append(String.format("  %-26s %9d %9d %9d %8s  %s%n",
                        st.path("label").asText() + (st.path("optional").asBoolean() ? " (opt.)" : ""),
                        st.path("entered").asLong(), st.path("convertedToNext").asLong(), st.path("dropped").asLong(),
                        st.path("conversionRate").isNumber()
                                ? String.format("%.1f%%", st.path("conversionRate").asDouble() * 100) : "-",
                        st.path("reasons").size() == 0 ? "" : st.path("reasons").toString()));
            }
            b.append("  reason mix: ").append(f.path("reasons").toString()).append('\n');
            return b.toString();
        }
    }

    /** The campaign section, from campaign-service's report JSON. */
    static final class CampaignText {
        static String render(JsonNode c) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("Recovery campaign \"%s\" (%s):%n", c.path("name").asText(), c.path("status").asText()));
            for (JsonNode step : c.path("steps")) {
                for (String group : new String[] {"mailed", "holdout"}) {
                    JsonNode g = step.path(group);
                    b.append(String.format("  step %d %-8s triggered %,d, sent %,d, suppressed %s, deferred (quiet hours %d, cart changed %d), opened %d, clicked %d%n",
                            step.path("step").asInt(), group, g.path("triggered").asLong(), g.path("sent").asLong(),
                            g.path("suppressed").toString(), g.path("quietHoursDeferrals").asLong(),
                            g.path("cartChangeDeferrals").asLong(), g.path("opened").asLong(), g.path("clicked").asLong()));
                }
            }
            for (String group : new String[] {"mailed", "holdout"}) {
                JsonNode g = c.path(group);
                b.append(String.format("  %-8s enrolled %,d, recovered orders %,d, revenue %,.2f, conversion %.1f%%%n",
                        group, g.path("enrolled").asLong(), g.path("recoveredOrders").asLong(),
                        g.path("recoveredRevenue").asDouble(), g.path("conversionRate").asDouble() * 100));
            }
            b.append("  (enrolled = abandoned carts the campaign took on, mailed or suppressed; recovered = ordered within the "
                    + "attribution window)\n");
            JsonNode lift = c.path("lift");
            b.append(String.format("  incremental lift vs holdout: %s points of conversion, %.1f orders, %.2f revenue "
                            + "(attribution window %s; a small holdout makes this noisy)%n",
                    lift.path("absolute").isNumber() ? String.format("%+.1f", lift.path("absolute").asDouble() * 100) : "n/a",
                    lift.path("incrementalOrders").asDouble(), lift.path("incrementalRevenue").asDouble(),
                    c.path("attributionWindow").asText()));
            return b.toString();
        }
    }
}
