package io.cartback.funnel.it;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.cartback.devinfra.FuzzJson;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile funnel definitions, generated from a fixed seed (reproducible): impossible steps, windows, ids and JSON
 * garbage. Every answer is 200, 400 (problem+json naming the field), 404 or 415; nothing is a 5xx; the service is
 * healthy and defines a normal funnel afterwards.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "funnel"))
class FunnelFuzzTest {
    private static final long SEED = 20261205L;
    private static final String MARKETER = FunnelServiceTest.MARKETER;
    private static final Set<Integer> DEFINED = Set.of(200, 204, 400, 404, 409, 415);
    private final Random random = new Random(SEED);

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static String json(String s) {
        return FuzzJson.string(s);
    }

    private String randomString() {
        return pick(List.of("", "Product Viewed", "Order Completed", "Nonexistent Event", "a\u0000b", "\uDC00",
                "\u202Eשלום\u200B", "x".repeat(random.nextInt(5_000)), "tab\there", "  "));
    }

    private String garbage(int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> "null";
            case 1 -> pick(List.of("0", "-1", "1e309", "99999999999999999999", "0.5"));
            case 2 -> json(randomString());
            case 3 -> "true";
            case 4 -> "\"NaN\"";
            case 5 -> "{}";
            case 6 -> "[" + garbage(depth + 1) + "," + garbage(depth + 1) + "]";
            default -> "{\"a\":" + garbage(depth + 1) + "}";
        };
    }

    private String match() {
        if (random.nextInt(8) == 0) {
            return garbage(1);
        }
        String where = switch (random.nextInt(6)) {
            case 0 -> ",\"where\":{\"step_name\":[\"account\",\"register\"]}";
            case 1 -> ",\"where\":{\"step_name\":[]}";
            case 2 -> ",\"where\":{\"a\":{\"b\":1}}";
            case 3 -> ",\"where\":" + garbage(1);
            case 4 -> ",\"where\":{" + IntStream.range(0, 30).mapToObj(i -> "\"k" + i + "\":1").collect(Collectors.joining(",")) + "}";
            default -> "";
        };
        return "{\"event\":" + (random.nextInt(5) == 0 ? garbage(1) : json(randomString())) + where + "}";
    }

    private String step(int i) {
        if (random.nextInt(10) == 0) {
            return garbage(1);
        }
        String id = random.nextInt(5) == 0 ? pick(List.of("dup", "Bad Id", "", "a\u0000", "x".repeat(100), "1"))
                : "s" + i;
        List<String> matches = IntStream.range(0, pick(List.of(0, 1, 1, 2, 25))).mapToObj(j -> match()).toList();
        return "{\"id\":" + json(id) + ",\"label\":" + json(randomString()) + ",\"match\":[" + String.join(",", matches)
                + "]" + (random.nextInt(4) == 0 ? ",\"optional\":" + pick(List.of("true", "\"yes\"", "1")) : "") + "}";
    }

    private String funnel() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (random.nextInt(3) == 0) { // a sound funnel with one impossible part
            fields.put("steps", "[{\"id\":\"viewed\",\"match\":[{\"event\":\"Product Viewed\"}]},"
                    + "{\"id\":\"ordered\",\"match\":[{\"event\":\"Order Completed\"}]}]");
            fields.put("conversionWindow", "\"PT2H\"");
        }
        switch (random.nextInt(7)) {
            case 0 -> {
                int n = pick(List.of(0, 1, 2, 3, 21, 10_000));
                // 10,000 plain steps (a rich 10,000-step body would pass the 10 MB body limit)
                fields.put("steps", "[" + IntStream.range(0, n).mapToObj(i -> n > 100
                        ? "{\"id\":\"s" + i + "\",\"match\":[{\"event\":\"e\"}]}" : step(i))
                        .collect(Collectors.joining(",")) + "]");
            }
            case 1 -> fields.put("steps", "[{\"id\":\"only\",\"optional\":true,\"match\":[{\"event\":\"Product Viewed\"}]}]");
            case 2 -> fields.put("exclusions", "[" + pick(List.of("{\"event\":\"Product Viewed\"}",
                    "{\"event\":\"product viewed\",\"where\":{}}", "{\"event\":\"Coupon Denied\"}", "{}", "null",
                    "{\"event\":\"Order Completed\",\"where\":{\"x\":\"1\"}}")) + "]");
            case 3 -> fields.put("conversionWindow", random.nextInt(3) == 0 ? garbage(1) : json(pick(List.of("PT0S",
                    "-PT1H", "P91D", "P99999999999D", "PT1H", "P1D", "soon", "", "PT0.5S"))));
            case 4 -> fields.put("name", json(randomString()));
            case 5 -> fields.put("steps", garbage(0));
            default -> fields.put(pick(List.of("id", "bogus", "exclusions")), garbage(0));
        }
        return "{" + fields.entrySet().stream().map(e -> json(e.getKey()) + ":" + e.getValue())
                .collect(Collectors.joining(",")) + "}";
    }

    private String mutate(String body) {
        return switch (random.nextInt(10)) {
            case 0 -> body.substring(0, random.nextInt(Math.max(1, body.length())));
            case 1 -> "[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000));
            case 2 -> pick(List.of("", "null", "[]", "42", "{'steps':[]}", "{\"steps\":[]}}"));
            default -> body;
        };
    }

    @Test
    void generatedHostileFunnelDefinitionsGetDefinedAnswers() {
        System.out.println("funnel fuzz seed " + SEED);
        Map<Integer, Integer> statuses = new TreeMap<>();
        Set<String> created = new LinkedHashSet<>();
        List<String> ids = List.of("fuzz-a", "fuzz-b", "Bad%20Id", "%00", "x".repeat(200), "..", "checkout", "a_b-1",
                "%E2%80%AE", "fuzz-%F0%9F%98%80");
        for (int i = 0; i < 300; i++) {
            String id = pick(ids);
            String body = mutate(funnel());
            RequestSpecification r = given().header("Authorization", MARKETER).urlEncodingEnabled(false)
                    .contentType(random.nextInt(25) == 0 ? "text/plain" : "application/json");
            int kind = random.nextInt(10);
            long t0 = System.nanoTime();
            Response res = kind == 0 ? r.get("/funnels/" + id) : r.body(body).put("/funnels/" + id);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            statuses.merge(res.statusCode(), 1, Integer::sum);
            String text = res.asString();
            String shown = "request " + i + " " + (kind == 0 ? "GET" : "PUT") + " /funnels/" + id.substring(0,
                    Math.min(30, id.length())) + " " + body.substring(0, Math.min(300, body.length())) + " -> "
                    + res.statusCode() + " in " + millis + " ms: " + text.substring(0, Math.min(500, text.length()));
            assertTrue(DEFINED.contains(res.statusCode()), shown);
            assertTrue(millis < 30_000, "too slow (a hang): " + shown);
            if (res.statusCode() >= 400) {
                assertEquals("application/problem+json", res.contentType().split(";")[0], shown);
                assertTrue(!text.contains("io.cartback") && !text.contains("java."), "no Java names: " + shown);
                assertTrue(text.length() < 20_000, "a bounded answer: " + shown.substring(0, Math.min(200, shown.length())));
            }
            if (res.statusCode() == 400 && kind != 0) {
                assertTrue(!res.jsonPath().getList("errors.field").isEmpty(), "names the field: " + shown);
            }
            if (res.statusCode() == 200 && kind != 0) {
                created.add(id);
            }
        }
        System.out.println("funnel fuzz statuses: " + statuses + "; defined: " + created);
        assertTrue(statuses.getOrDefault(200, 0) > 0 && statuses.getOrDefault(400, 0) > 0, statuses.toString());
        for (String id : created) {
            if (!id.equals("checkout")) {
                given().header("Authorization", MARKETER).urlEncodingEnabled(false).delete("/funnels/" + id)
                        .then().statusCode(204);
            }
        }
        given().header("Authorization", MARKETER).delete("/funnels/checkout"); // back to the built-in one
        given().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", MARKETER).contentType("application/json")
                .body("{\"steps\":[{\"id\":\"viewed\",\"match\":[{\"event\":\"Product Viewed\"}]},"
                        + "{\"id\":\"ordered\",\"match\":[{\"event\":\"Order Completed\"}]}]}")
                .put("/funnels/after-fuzz").then().statusCode(200);
        given().header("Authorization", MARKETER).delete("/funnels/after-fuzz").then().statusCode(204);
    }

    /** The impossible definitions each get a 400 naming the field (or, for unknown events, a defined acceptance). */
    @Test
    void impossibleFunnelsAreRefusedNamingTheField() {
        Map<String, String> cases = new LinkedHashMap<>();
        String two = "{\"id\":\"viewed\",\"match\":[{\"event\":\"Product Viewed\"}]},{\"id\":\"ordered\",\"match\":[{\"event\":\"Order Completed\"}]}";
        cases.put("steps", "{\"steps\":[]}");
        cases.put("steps[0].optional", "{\"steps\":[{\"id\":\"only\",\"optional\":true,\"match\":[{\"event\":\"Product Viewed\"}]}]}");
        cases.put("steps[1].id", "{\"steps\":[{\"id\":\"a\",\"match\":[{\"event\":\"x\"}]},{\"id\":\"a\",\"match\":[{\"event\":\"y\"}]}]}");
        cases.put("exclusions[0]", "{\"steps\":[" + two + "],\"exclusions\":[{\"event\":\"product viewed\"}]}");
        cases.put("conversionWindow", "{\"steps\":[" + two + "],\"conversionWindow\":\"PT0S\"}");
        cases.put("name", "{\"name\":\"a\\u0000b\",\"steps\":[" + two + "]}"); // was 500: jsonb refuses \u0000
        cases.put("steps[0].label", "{\"steps\":[{\"id\":\"viewed\",\"label\":\"\\ud800\",\"match\":[{\"event\":\"Product Viewed\"}]},"
                + "{\"id\":\"ordered\",\"match\":[{\"event\":\"Order Completed\"}]}]}");
        cases.put("steps[0].match[0].event", "{\"steps\":[{\"id\":\"viewed\",\"match\":[{\"event\":\"a\\u0000\"}]},"
                + "{\"id\":\"ordered\",\"match\":[{\"event\":\"Order Completed\"}]}]}");
        cases.put("steps[0]", "{\"steps\":[\"x\"]}"); // the type error names the element (was a Java type name)
        cases.forEach((field, body) -> given().header("Authorization", MARKETER).contentType("application/json")
                .body(body).put("/funnels/impossible").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem(field)));
        String tenThousand = "{\"steps\":[" + IntStream.range(0, 10_000)
                .mapToObj(i -> "{\"id\":\"s" + i + "\",\"match\":[{\"event\":\"e\"}]}").collect(Collectors.joining(",")) + "]}";
        Response r = given().header("Authorization", MARKETER).contentType("application/json").body(tenThousand)
                .put("/funnels/impossible");
        assertEquals(400, r.statusCode());
        assertEquals(List.of("steps"), r.jsonPath().getList("errors.field"), "one error, not 10,000");
        // an exclusion narrower than the step is a real funnel; an unknown event name is accepted (documented)
        given().header("Authorization", MARKETER).contentType("application/json")
                .body("{\"steps\":[{\"id\":\"viewed\",\"match\":[{\"event\":\"Product Viewed\"}]},"
                        + "{\"id\":\"ordered\",\"match\":[{\"event\":\"Not Yet Sent By Anyone\"}]}],"
                        + "\"exclusions\":[{\"event\":\"Product Viewed\",\"where\":{\"category\":\"gift cards\"}}]}")
                .put("/funnels/possible").then().statusCode(200);
        given().header("Authorization", MARKETER).delete("/funnels/possible").then().statusCode(204);
        List<String> all = new ArrayList<>(given().header("Authorization", MARKETER).get("/funnels").then()
                .statusCode(200).extract().jsonPath().getList("id"));
        assertTrue(!all.contains("impossible"), "nothing impossible was stored: " + all);
    }
}
