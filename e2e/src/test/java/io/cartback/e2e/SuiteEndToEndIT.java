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
