package io.cartback.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The whole suite as real processes: `./cdp demo --days 1` on the first store day of the real data, then the
 * report is checked against an independent computation over the same rows, and every endpoint of every service
 * is walked with each kind of credential.
 */
class SuiteEndToEndIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    static JsonNode summary;

    @BeforeAll
    static void runTheMainJobOnOneDay() throws Exception {
        int rc = Stack.cdp(20, "demo", "--days", "1", "--keep-running");
        assertEquals(0, rc, "./cdp demo failed; see e2e/target/cdp-demo.log");
        summary = JSON.readTree(Stack.STATE.resolve("last-run/summary.json").toFile());
    }

    @AfterAll
    static void stop() throws Exception {
        Stack.cdp(2, "down");
    }

    @Test
    void everyMappedEventIsAcceptedAndNoneIsLost() {
        JsonNode delivery = summary.path("import").path("delivery");
        long calls = summary.path("import").path("mapping").path("calls").asLong();
        assertTrue(calls > 10_000, "one store day is over 10k calls: " + calls);
        assertEquals(calls, delivery.path("submitted").asLong());
        assertEquals(calls, delivery.path("accepted").asLong());
        assertEquals(0, delivery.path("rejected").asLong(), delivery.path("rejectedByReason").toString());
        assertEquals(0, delivery.path("undelivered").asLong());
    }

    @Test
    void funnelAppliedEveryEventAndItsCountsAgreeWithTheRawRows() {
        JsonNode funnel = summary.path("funnel");
        JsonNode facts = summary.path("import").path("facts");
        assertEquals(0, funnel.path("tooLateEvents").asLong(), "a replay must not arrive behind the watermark");
        assertEquals(funnel.path("journeys").asLong(), funnel.path("converted").asLong() + funnel.path("dropped").asLong()
                + funnel.path("inProgress").asLong(), "every journey ends exactly once");
        List<Long> entered = new ArrayList<>();
        funnel.path("steps").forEach(st -> entered.add(st.path("entered").asLong()));
        for (int i = 1; i < entered.size(); i++) {
            assertTrue(entered.get(i) <= entered.get(i - 1), "a funnel narrows: " + entered);
        }
        // independent counts from the raw rows (GaFacts): journeys are per session, so they are bounded by sessions
        // with a product view; converted journeys cannot exceed the day's orders
        assertTrue(entered.get(0) > 0 && entered.get(0) <= facts.path("sessionsWithProductView").asLong(),
                entered + " vs " + facts.path("sessionsWithProductView"));
        assertTrue(funnel.path("converted").asLong() > 0 && funnel.path("converted").asLong() <= facts.path("orders").asLong(),
                "converted " + funnel.path("converted") + " vs orders " + facts.path("orders"));
    }

    @Test
    void profilesAreAtMostOnePerVisitor() {
        long profiles = summary.path("profiles").path("profiles").asLong();
        assertTrue(profiles > 0 && profiles <= summary.path("import").path("facts").path("visitors").asLong(),
                "profiles " + profiles + " vs visitors " + summary.path("import").path("facts").path("visitors"));
    }

    @Test
    void abandonedCartsGetExactlyOneEmailListingTheCartItems() throws Exception {
        JsonNode mailed = summary.path("campaignReport").path("steps").get(0).path("mailed");
        long sent = mailed.path("sent").asLong();
        assertTrue(sent > 0, "the day has abandoned carts of shoppers with an address: " + mailed);
        List<java.nio.file.Path> emails;
        try (var files = Files.list(Stack.STATE.resolve("last-run/mail"))) {
            emails = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
        }
        assertEquals(sent, emails.size(), "one email per send the campaign recorded, no more");
        java.util.Set<String> recipients = new java.util.HashSet<>();
        String admin = Stack.envValue("CDP_ADMIN_TOKEN");
        for (java.nio.file.Path eml : emails) {
            String raw = Files.readString(eml);
            java.util.regex.Matcher to = java.util.regex.Pattern.compile("(?m)^To: .*?(v[0-9]+@example\\.com)").matcher(raw);
            assertTrue(to.find(), "a recipient in " + eml);
            assertTrue(recipients.add(to.group(1)), "one email per shopper's cart: " + to.group(1) + " twice");
            assertTrue(raw.contains("List-Unsubscribe"), "every email carries an unsubscribe header");
        }
        // the right items: the first email lists the products of that shopper's cart as profile-service knows it
        // (the first recipient in sorted order; the erasure test takes the last one)
        String first = new java.util.TreeSet<>(recipients).first();
        HttpResponse<String> profile = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.url(8082) + "/profiles?email="
                + first)).header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, profile.statusCode(), profile.body());
        JsonNode cart = JSON.readTree(profile.body()).path("cart");
        assertTrue(cart.size() > 0, "the mailed shopper still has a cart: " + profile.body());
        String html = null;
        for (java.nio.file.Path eml : emails) {
            if (Files.readString(eml).contains(first)) {
                java.nio.file.Path h = java.nio.file.Path.of(eml.toString().replace(".eml", ".html"));
                html = Files.readString(h);
            }
        }
        assertTrue(html != null, "the HTML part of the email to " + first + " was saved");
        for (int i = 0; i < Math.min(6, cart.size()); i++) { // the campaign shows the first 6 lines, then "and N more"
            JsonNode line = cart.get(i);
            String name = line.path("name").asText();
            String escaped = name.replace("&", "&amp;").replace("'", "&#39;").replace("\"", "&quot;");
            assertTrue(html.contains(name) || html.contains(escaped), "the email lists " + name);
        }
    }

    /**
     * GDPR on the running suite: a shopper who was mailed is erased through profile-service, and then nothing of
     * them (address, anonymousIds, userIds) is left in any table of any of the four databases, ingest's dedupe
     * window included; a later event naming them goes through ingest and brings back no profile, no journey and
     * no email.
     */
    @Test
    void anErasedMailedShopperIsInNoDatabaseAndALaterEventBringsNothingBack() throws Exception {
        String admin = Stack.envValue("CDP_ADMIN_TOKEN");
        java.util.TreeSet<String> recipients = new java.util.TreeSet<>();
        try (var files = Files.list(Stack.STATE.resolve("last-run/mail"))) {
            for (java.nio.file.Path eml : files.filter(p -> p.toString().endsWith(".eml")).toList()) {
                java.util.regex.Matcher to = java.util.regex.Pattern.compile("(?m)^To: .*?(v[0-9]+@example\\.com)")
                        .matcher(Files.readString(eml));
                if (to.find()) {
                    recipients.add(to.group(1));
                }
            }
        }
        assertTrue(recipients.size() >= 2, "two mailed shoppers (one for the email test, one to erase): " + recipients);
        String email = recipients.last();
        HttpResponse<String> found = get(Stack.url(8082) + "/profiles?email=" + email, admin);
        assertEquals(200, found.statusCode(), found.body());
        JsonNode profile = JSON.readTree(found.body());
        String profileId = profile.path("profileId").asText();
        java.util.Set<String> person = new java.util.TreeSet<>(List.of(email));
        profile.path("anonymousIds").forEach(a -> person.add(a.asText()));
        profile.path("userIds").forEach(u -> person.add(u.asText()));
        String visitor = email.substring(1, email.indexOf('@'));
        assertTrue(person.contains(visitor), "the GA visitor id is the anonymousId: " + person);
        long mailsBefore = ErasureChecks.mailsTo(email);
        assertTrue(mailsBefore >= 1, "they were mailed");
        assertTrue(ErasureChecks.sweepAllDatabases(person).stream().anyMatch(h -> h.table().startsWith("campaign.")),
                "the sweep finds the shopper before the erasure");

        HttpResponse<String> erased = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.url(8082) + "/profiles/"
                + profileId)).header("Authorization", "Bearer " + admin).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, erased.statusCode(), erased.body());
        ErasureChecks.awaitConsumersCaughtUp(Duration.ofMinutes(3));
        assertEquals(List.of(), ErasureChecks.sweepAllDatabases(person),
                "nothing of the erased shopper in ingest, profile, funnel or campaign");

        // later events naming them (their anonymousId; their address) through the tracking API, beside a control
        // shopper whose events must get through; on event time after the demo's day, then past the timers
        String writeKey = "Basic " + Base64.getEncoder().encodeToString((Stack.envValue("CDP_WRITE_KEY") + ":")
                .getBytes(StandardCharsets.UTF_8));
        String control = "e2e-control-" + UUID.randomUUID();
        java.time.Instant at = java.time.Instant.parse("2016-08-02T12:00:00Z");
        String product = "{\"product_id\":\"GGOEGAAX0037\",\"name\":\"Mug\",\"price\":\"12.99\",\"quantity\":1}";
        StringBuilder batch = new StringBuilder("{\"batch\":[");
        for (String anon : List.of(visitor, control)) {
            batch.append("{\"type\":\"track\",\"event\":\"Product Added\",\"anonymousId\":\"").append(anon)
                    .append("\",\"timestamp\":\"").append(at).append("\",\"properties\":").append(product).append("},")
                    .append("{\"type\":\"track\",\"event\":\"Checkout Started\",\"anonymousId\":\"").append(anon)
                    .append("\",\"timestamp\":\"").append(at.plusSeconds(60)).append("\",\"properties\":{\"products\":[")
                    .append(product).append("]}},");
        }
        batch.append("{\"type\":\"identify\",\"anonymousId\":\"").append(UUID.randomUUID())
                .append("\",\"timestamp\":\"").append(at.plusSeconds(90)).append("\",\"traits\":{\"email\":\"")
                .append(email.toUpperCase()).append("\"}}]}");
        awaitIngestKnowsErasedIdentifiers(person.size());
        HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.url(8081) + "/v1/batch"))
                .header("Authorization", writeKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals("{\"success\":true}", sent.body(), "answered like any stored batch");
        ErasureChecks.awaitConsumersCaughtUp(Duration.ofMinutes(3));
        for (int port : new int[] {8083, 8084}) {
            HttpResponse<String> w = HTTP.send(HttpRequest.newBuilder(URI.create(Stack.url(port) + "/admin/watermark"))
                    .header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventTime\":\"" + at.plus(Duration.ofHours(port == 8083 ? 3 : 28))
                            + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, w.statusCode(), w.body());
            ErasureChecks.awaitConsumersCaughtUp(Duration.ofMinutes(3));
        }
        Thread.sleep(5000); // let a send that the watermark may have started reach the SMTP sink
        ErasureChecks.awaitConsumersCaughtUp(Duration.ofMinutes(3));

        assertEquals(200, get(Stack.url(8082) + "/profiles?anonymousId=" + control, admin).statusCode(),
                "the control shopper's events went through the same pipeline");
        assertEquals(404, get(Stack.url(8082) + "/profiles?anonymousId=" + visitor, admin).statusCode());
        assertEquals(404, get(Stack.url(8082) + "/profiles?email=" + email, admin).statusCode());
        assertEquals(List.of(), ErasureChecks.sweepAllDatabases(person),
                "no profile, journey, enrolment or dedupe entry came back for the erased shopper");
        assertEquals(mailsBefore, ErasureChecks.mailsTo(email), "no further email to the erased address");
    }

    /** ingest reads the erased identifiers' hashes from Kafka; wait until it has at least {@code n}. */
    static void awaitIngestKnowsErasedIdentifiers(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = get(Stack.url(8081) + "/q/metrics", null).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^cdp_ingest_erased_identifiers(?:\\{[^}]*})? (\\S+)$")
                    .matcher(metrics);
            if (m.find() && Double.parseDouble(m.group(1)) >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("ingest-service did not load the erased identifiers");
    }

    static HttpResponse<String> get(String url, String adminToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (adminToken != null) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One row of the access matrix: an endpoint and the status each credential got. */
    record Access(String service, String method, String path, int none, int badBearer, int writeKey, int marketer,
                  int admin) {
    }

    @Test
    void everyEndpointNeedsTheRightCredential() throws Exception {
        String admin = Stack.envValue("CDP_ADMIN_TOKEN");
        String marketer = Stack.envValue("CDP_MARKETER_TOKEN");
        String writeKey = "Basic " + Base64.getEncoder().encodeToString((Stack.envValue("CDP_WRITE_KEY") + ":")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, Integer> services = new LinkedHashMap<>();
        services.put("ingest", 8081);
        services.put("profile", 8082);
        services.put("funnel", 8083);
        services.put("campaign", 8084);
        List<Access> matrix = new ArrayList<>();
        for (Map.Entry<String, Integer> service : services.entrySet()) {
            String base = Stack.url(service.getValue());
            HttpResponse<String> doc;
            try {
                doc = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json")).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                continue; // service not part of this build
            }
            Iterator<Map.Entry<String, JsonNode>> paths = JSON.readTree(doc.body()).path("paths").fields();
            while (paths.hasNext()) {
                Map.Entry<String, JsonNode> p = paths.next();
                Iterator<String> methods = p.getValue().fieldNames();
                while (methods.hasNext()) {
                    String method = methods.next().toUpperCase();
                    if (!List.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                        continue;
                    }
                    String path = p.getKey().replace("{type}", "track").replace("{batch}", "batch")
                            .replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
                    matrix.add(new Access(service.getKey(), method, p.getKey(),
                            call(base, method, path, null), call(base, method, path, "Bearer not-a-real-token-000000000000"),
                            call(base, method, path, writeKey), call(base, method, path, "Bearer " + marketer),
                            call(base, method, path, "Bearer " + admin)));
                }
            }
        }
        StringBuilder table = new StringBuilder("| service | method | path | none | bad bearer | write key | marketer | admin |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        matrix.forEach(a -> table.append(String.format("| %s | %s | `%s` | %d | %d | %d | %d | %d |%n", a.service(),
                a.method(), a.path(), a.none(), a.badBearer(), a.writeKey(), a.marketer(), a.admin())));
        Files.writeString(Stack.ROOT.resolve("e2e/target/access-matrix.md"), table);
        assertFalse(matrix.isEmpty());
        for (Access a : matrix) {
            String where = a.method() + " " + a.service() + a.path() + " -> " + a;
            boolean publicEmailLink = a.path().startsWith("/t/") || a.path().startsWith("/u/");
            if (a.path().startsWith("/v1/")) {
                assertEquals(401, a.none(), where);
                assertEquals(401, a.admin(), "a bearer token is not a write key: " + where);
                assertNotEquals(401, a.writeKey(), where);
            } else if (publicEmailLink) {
                for (int status : new int[] {a.none(), a.writeKey(), a.admin()}) {
                    assertTrue(status >= 400 && status < 500, "a forged link must not work: " + where);
                }
            } else {
                assertEquals(401, a.none(), "no endpoint is open by accident: " + where);
                assertEquals(401, a.badBearer(), where);
                assertTrue(a.writeKey() == 401 || a.writeKey() == 403, "a write key is not an admin credential: " + where);
                assertTrue(a.admin() != 401 && a.admin() != 403, "the admin token has every role: " + where);
                if (a.path().startsWith("/admin/") || "DELETE".equals(a.method()) && a.path().startsWith("/profiles")) {
                    assertEquals(403, a.marketer(), "marketers cannot administer: " + where);
                }
            }
        }
    }

    static int call(String base, String method, String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        b.method(method, "GET".equals(method) || "DELETE".equals(method) ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}"));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
