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
            r.append("Profiles: ").append(fields(s.path("profiles"))).append('\n');
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

    /** The funnel section; field names follow funnel-service's report JSON. */
    static final class Funnel {
        static String render(JsonNode f) {
            return "Checkout funnel:\n" + f.toString().substring(0, Math.min(2000, f.toString().length())) + "\n";
        }
    }

    /** The campaign section; field names follow campaign-service's report JSON. */
    static final class CampaignText {
        static String render(JsonNode c) {
            return "Recovery campaign:\n" + c.toString() + "\n";
        }
    }
}
