package io.cartback.importer.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.cartback.importer.SegmentJson;

class IngestSenderTest {

    private static IngestSender.Options options(RecordingIngest ingest, int concurrency, int batch, boolean gzip,
            Duration giveUp) {
        return new IngestSender.Options(ingest.uri(), "wk_test", concurrency, batch, gzip, giveUp,
                Duration.ofSeconds(10));
    }

    private static Outgoing call(String id, String shopper, int seq) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("type", "track");
        c.put("event", "Product Viewed");
        c.put("anonymousId", shopper);
        c.put("messageId", id);
        c.put("properties", Map.of("seq", seq));
        return new Outgoing(id, shopper, SegmentJson.bytes(c));
    }

    private static DeliverySummary sendAll(IngestSender sender, List<Outgoing> calls) throws InterruptedException {
        for (Outgoing o : calls) {
            if (!sender.submit(o)) {
                break;
            }
        }
        return sender.finish();
    }

    private static List<Outgoing> calls(int n, int shoppers) {
        List<Outgoing> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(call("m" + i, "shopper" + (i % shoppers), i));
        }
        return out;
    }

    @Test
    void deliversEveryCallOnceInBatchesWithTheWriteKeyAndKeepsEachShoppersOrder() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 3, 7, false, Duration.ofSeconds(5))),
                    calls(500, 13));
            assertEquals(500, s.submitted());
            assertEquals(500, s.accepted());
            assertEquals(0, s.rejected());
            assertEquals(0, s.undelivered());
            assertNull(s.fatalError());
            List<String> ids = ingest.receivedIds();
            assertEquals(500, ids.size());
            assertEquals(500, new HashSet<>(ids).size());
            String basic = "Basic " + Base64.getEncoder().encodeToString("wk_test:".getBytes(StandardCharsets.UTF_8));
            Map<String, Integer> lastSeq = new LinkedHashMap<>();
            synchronized (ingest.requests) {
                ingest.requests.sort((a, b) -> Integer.compare(a.number(), b.number()));
                for (RecordingIngest.Request r : ingest.requests) {
                    assertEquals(basic, r.authorization());
                    assertTrue(r.body().get("batch").size() <= 7);
                    assertFalse(r.body().has("sentAt"));
                    r.body().get("batch").forEach(e -> {
                        int seq = e.get("properties").get("seq").asInt();
                        Integer before = lastSeq.put(e.get("anonymousId").asText(), seq);
                        assertTrue(before == null || before < seq, "shopper order kept");
                    });
                }
            }
        }
    }

    @Test
    void retriesA503AfterTheServersRetryAfterAndDeliversEverything() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        try (RecordingIngest ingest = new RecordingIngest(r -> answered.incrementAndGet() <= 2
                ? RecordingIngest.Answer.unavailable("1") : RecordingIngest.Answer.ok())) {
            long start = System.nanoTime();
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 100, false, Duration.ofSeconds(30))),
                    calls(50, 5));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(50, s.accepted());
            assertEquals(2, s.retries());
            assertEquals(Map.of("HTTP 503", 2L), s.retriesByCause());
            assertTrue(millis >= 2000, "waited Retry-After: 1 twice, took " + millis + " ms");
            assertEquals(3, ingest.requests.size(), "the same batch was sent three times");
            assertEquals(ingest.requests.get(0).messageIds(), ingest.requests.get(2).messageIds());
        }
    }

    @Test
    void retriesA429WithAnHttpDateRetryAfter() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        try (RecordingIngest ingest = new RecordingIngest(r -> answered.incrementAndGet() == 1
                ? new RecordingIngest.Answer(429, "application/problem+json", "{\"title\":\"Too Many Requests\"}",
                        "Thu, 01 Jan 1970 00:00:00 GMT")
                : RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 100, false, Duration.ofSeconds(30))),
                    calls(10, 2));
            assertEquals(10, s.accepted());
            assertEquals(Map.of("HTTP 429", 1L), s.retriesByCause());
        }
    }

    @Test
    void countsCallsTheServerRejectsWithItsReasons() throws Exception {
        String answer = "{\"success\":true,\"rejected\":[{\"messageId\":\"m3\",\"reason\":\"invalid_number\","
                + "\"errors\":[{\"field\":\"properties.price\",\"message\":\"'abc' is not a number\"}]}]}";
        try (RecordingIngest ingest = new RecordingIngest(r -> r.messageIds().contains("m3")
                ? RecordingIngest.Answer.json(200, answer) : RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 100, false, Duration.ofSeconds(5))),
                    calls(10, 2));
            assertEquals(9, s.accepted());
            assertEquals(1, s.rejected());
            assertEquals(Map.of("invalid_number", 1L), s.rejectedByReason());
            assertEquals("m3", s.rejectionSamples().get(0).messageId());
            assertTrue(s.rejectionSamples().get(0).details().contains("properties.price"));
        }
    }

    @Test
    void narrowsABatchRefusedWith400DownToTheCallThatCausedIt() throws Exception {
        String problem = "{\"title\":\"Bad Request\",\"status\":400,\"detail\":\"event m7 is over 32 KB\"}";
        try (RecordingIngest ingest = new RecordingIngest(r -> r.messageIds().contains("m7")
                ? RecordingIngest.Answer.json(400, problem) : RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 20, false, Duration.ofSeconds(5))),
                    calls(20, 4));
            assertEquals(19, s.accepted());
            assertEquals(1, s.rejected());
            assertEquals(Map.of("http_400", 1L), s.rejectedByReason());
            assertEquals("m7", s.rejectionSamples().get(0).messageId());
            assertEquals("Bad Request: event m7 is over 32 KB", s.rejectionSamples().get(0).details());
        }
    }

    @Test
    void countsTheCallsListedInA400ForAWholeBatchAndSendsTheOthersAgain() throws Exception {
        AtomicInteger answered = new AtomicInteger();
        String problem = "{\"type\":\"urn:cartback:problem:invalid-batch\",\"title\":\"Bad request\",\"status\":400,"
                + "\"detail\":\"no call of the batch could be accepted; see rejected\",\"rejected\":["
                + "{\"index\":1,\"messageId\":\"m1\",\"reason\":\"invalid_type\",\"errors\":[{\"field\":\"type\",\"message\":\"unknown\"}]},"
                + "{\"index\":3,\"reason\":\"not_an_object\"}]}";
        try (RecordingIngest ingest = new RecordingIngest(r -> answered.incrementAndGet() == 1
                ? RecordingIngest.Answer.json(400, problem) : RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 10, false, Duration.ofSeconds(5))),
                    calls(6, 1));
            assertEquals(4, s.accepted());
            assertEquals(Map.of("invalid_type", 1L, "not_an_object", 1L), s.rejectedByReason());
            assertEquals(List.of("m0", "m2", "m4", "m5"), ingest.requests.get(1).messageIds());
            assertTrue(s.rejectionSamples().stream().anyMatch(x -> "m3".equals(x.messageId())),
                    "a listed index names the batch's call");
        }
    }

    @Test
    void countsDuplicatesIngestAlreadyHad() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.json(200,
                "{\"success\":true,\"accepted\":3,\"duplicates\":2}"))) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 10, false, Duration.ofSeconds(5))),
                    calls(5, 1));
            assertEquals(5, s.accepted());
            assertEquals(2, s.duplicates());
        }
    }

    @Test
    void stopsOnAnUnknownWriteKeyAndCountsEveryCallAsUndelivered() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.json(401,
                "{\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"unknown write key\"}"))) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 2, 10, false, Duration.ofSeconds(5))),
                    calls(300, 10));
            assertEquals(0, s.accepted());
            assertEquals(s.submitted(), s.undelivered());
            assertTrue(s.fatalError().contains("write key"), s.fatalError());
            assertTrue(s.fatalError().contains("unknown write key"), s.fatalError());
        }
    }

    @Test
    void givesUpAfterTheRetryBudgetAndCountsWhatWasNotDelivered() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.unavailable(null))) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 10, false, Duration.ofSeconds(1))),
                    calls(30, 3));
            assertEquals(0, s.accepted());
            assertEquals(s.submitted(), s.undelivered());
            assertTrue(s.retries() >= 1);
            assertTrue(s.fatalError().contains("HTTP 503"), s.fatalError());
        }
    }

    @Test
    void retriesWhileIngestIsUnreachableAndThenCountsTheCallsAsUndelivered() throws Exception {
        java.net.URI closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = java.net.URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
        IngestSender sender = new IngestSender(new IngestSender.Options(closed, "wk", 1, 10, false,
                Duration.ofSeconds(1), Duration.ofSeconds(2)));
        DeliverySummary s = sendAll(sender, calls(5, 1));
        assertEquals(5, s.undelivered());
        assertTrue(s.retries() >= 1, "retried before giving up");
        assertTrue(s.retriesByCause().containsKey("ConnectException"), s.retriesByCause().toString());
        assertTrue(s.fatalError().contains("ConnectException"), s.fatalError());
    }

    @Test
    void compressesBatchesWithGzipWhenAsked() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.ok())) {
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 100, true, Duration.ofSeconds(5))),
                    calls(40, 4));
            assertEquals(40, s.accepted());
            assertTrue(ingest.requests.stream().allMatch(r -> "gzip".equals(r.contentEncoding())));
            assertEquals(40, ingest.receivedIds().size());
        }
    }

    @Test
    void refusesACallOver32KbLocallyWithAReason() throws Exception {
        try (RecordingIngest ingest = new RecordingIngest(r -> RecordingIngest.Answer.ok())) {
            Map<String, Object> big = Map.of("type", "track", "event", "X", "messageId", "big", "anonymousId", "a",
                    "properties", Map.of("blob", "x".repeat(40_000)));
            List<Outgoing> calls = new ArrayList<>(calls(5, 1));
            calls.add(2, new Outgoing("big", "a", SegmentJson.bytes(big)));
            DeliverySummary s = sendAll(new IngestSender(options(ingest, 1, 100, false, Duration.ofSeconds(5))),
                    calls);
            assertEquals(5, s.accepted());
            assertEquals(Map.of("event_too_large", 1L), s.rejectedByReason());
            assertFalse(ingest.receivedIds().contains("big"));
        }
    }

    @Test
    void readsRetryAfterAsSecondsOrHttpDate() {
        assertEquals(Duration.ofSeconds(7), IngestSender.retryAfter("7"));
        assertEquals(Duration.ZERO, IngestSender.retryAfter("Thu, 01 Jan 1970 00:00:00 GMT"));
        assertNull(IngestSender.retryAfter("soon"));
        assertNull(IngestSender.retryAfter(null));
    }
}
