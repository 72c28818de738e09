package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * Hostile input, generated from a fixed seed (reproducible): every request gets a defined answer (200, 400, 401,
 * 413, 415), every error is problem+json, nothing is a 5xx, and the service stays healthy afterwards.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class IngestFuzzTest {
    private static final Set<Integer> DEFINED = Set.of(200, 400, 401, 413, 415);
    private final Random random = new Random(20261203L);

    private String randomString() {
        return switch (random.nextInt(8)) {
            case 0 -> "";
            case 1 -> "null";
            case 2 -> "undefined";
            case 3 -> "\u202Eשלום\u0000\uD83D\uDE00\u200B";
            case 4 -> "x".repeat(random.nextInt(40_000));
            case 5 -> "\\\"\n\t\u0001";
            case 6 -> "-1";
            default -> "id-" + random.nextInt(1000);
        };
    }

    private String randomValue(int depth) {
        return switch (random.nextInt(depth > 3 ? 6 : 9)) {
            case 0 -> "null";
            case 1 -> Integer.toString(random.nextInt());
            case 2 -> "1e309";
            case 3 -> "\"" + escape(randomString()) + "\"";
            case 4 -> random.nextBoolean() ? "true" : "false";
            case 5 -> "\"19,99\"";
            case 6 -> "[" + randomValue(depth + 1) + "," + randomValue(depth + 1) + "]";
            case 7 -> "{\"a\":" + randomValue(depth + 1) + ",\"price\":" + randomValue(depth + 1) + "}";
            default -> "[" + "1,".repeat(random.nextInt(5000)) + "1]";
        };
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private String randomCall() {
        List<String> fields = new ArrayList<>();
        String[] keys = {"type", "event", "userId", "anonymousId", "messageId", "properties", "traits", "context",
                "timestamp", "sentAt", "previousId", "groupId", "name"};
        for (String k : keys) {
            if (random.nextInt(3) > 0) {
                String v = switch (k) {
                    case "type" -> random.nextInt(4) == 0 ? randomValue(0) : "\"" + List.of("track", "identify", "page",
                            "screen", "group", "alias").get(random.nextInt(6)) + "\"";
                    case "event" -> random.nextInt(3) == 0 ? randomValue(0) : "\"" + List.of("Product Added",
                            "Order Completed", "Checkout Step Viewed", "x").get(random.nextInt(4)) + "\"";
                    case "properties" -> random.nextInt(3) == 0 ? randomValue(0)
                            : "{\"price\":" + randomValue(2) + ",\"quantity\":" + randomValue(2) + ",\"products\":"
                            + randomValue(1) + "}";
                    case "timestamp", "sentAt" -> random.nextBoolean() ? "\"2026-12-03T10:00:00Z\"" : randomValue(2);
                    default -> randomValue(1);
                };
                fields.add("\"" + k + "\":" + v);
            }
        }
        return "{" + String.join(",", fields) + "}";
    }

    private byte[] mutate(byte[] body) {
        byte[] copy = body.clone();
        switch (random.nextInt(4)) {
            case 0 -> { // invalid UTF-8
                if (copy.length > 2) {
                    copy[random.nextInt(copy.length)] = (byte) (0x80 + random.nextInt(0x7f));
                }
            }
            case 1 -> { // truncated JSON
                return java.util.Arrays.copyOf(copy, random.nextInt(Math.max(1, copy.length)));
            }
            default -> {
            }
        }
        return copy;
    }

    @Test
    void generatedHostilePayloadsGetDefinedAnswersAndTheServiceStaysHealthy() throws IOException {
        TestSources.Created source = TestSources.create("fuzz");
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<Supplier<byte[]>> kinds = List.of(
                () -> randomCall().getBytes(StandardCharsets.UTF_8),
                () -> ("{\"batch\":[" + randomCall() + "," + randomCall() + "," + randomCall() + "]}").getBytes(StandardCharsets.UTF_8),
                () -> mutate(("{\"batch\":[" + randomCall() + "]}").getBytes(StandardCharsets.UTF_8)),
                () -> ("{\"batch\":" + randomValue(0) + "}").getBytes(StandardCharsets.UTF_8),
                () -> ("[".repeat(random.nextInt(3000)) + "]".repeat(random.nextInt(3000))).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 400; i++) {
            int kind = random.nextInt(kinds.size());
            byte[] body = kinds.get(kind).get();
            boolean gzip = random.nextInt(5) == 0;
            String path = kind == 0 ? "/v1/" + List.of("track", "identify", "page", "alias").get(random.nextInt(4)) : "/v1/batch";
            var request = given().header("Authorization", random.nextInt(20) == 0 ? "Basic !!" : source.basic())
                    .contentType("application/json");
            if (gzip) {
                request = request.header("Content-Encoding", "gzip");
                body = gzip(body);
            }
            Response r = request.body(body).when().post(path);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            assertTrue(DEFINED.contains(r.statusCode()), "request " + i + " (kind " + kind + ") got " + r.statusCode()
                    + ": " + r.asString());
            if (r.statusCode() != 200) {
                assertEquals("application/problem+json", r.contentType().split(";")[0], "request " + i + ": " + r.asString());
            }
        }
        // a gzip bomb and an oversize body, each once
        assertEquals(400, given().header("Authorization", source.basic()).header("Content-Encoding", "gzip")
                .body(gzip(new byte[100_000_000])).when().post("/v1/batch").statusCode());
        String huge = declareHugeBody();
        assertTrue(huge.startsWith("HTTP/1.1 400") && huge.contains("application/problem+json")
                && huge.contains("batch-too-large"), "oversize body: " + huge);
        truncatedBodyOnARawSocket();
        System.out.println("fuzz statuses: " + statuses);
        assertTrue(statuses.getOrDefault(200, 0) > 0 && statuses.getOrDefault(400, 0) > 0,
                "the generator reaches both valid and invalid input: " + statuses);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", source.basic()).contentType("application/json")
                .body("{\"anonymousId\":\"after-fuzz\",\"event\":\"Still Alive\"}").when().post("/v1/track")
                .then().statusCode(200);
    }

    /** Announces a 5 MB body and reads the answer without sending it: refused before the body is read. */
    private static String declareHugeBody() throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 5000000\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            byte[] buf = new byte[4096];
            int n = s.getInputStream().read(buf);
            return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
        }
    }

    /** A client that announces more bytes than it sends and hangs up: the server must shrug it off. */
    private static void truncatedBodyOnARawSocket() throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /v1/batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n{\"batch\":[{\"type\":").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.getOutputStream().write("GARBAGE\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            s.setSoTimeout(5000);
            in.read(new byte[100]);
        } catch (java.net.SocketTimeoutException ignored) {
            // the server may just close the connection
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
