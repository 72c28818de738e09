package io.cartback.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.cartback.importer.ga.GaCsvReader;
import io.cartback.importer.ga.GaFacts;
import io.cartback.importer.ga.GaTestData;
import io.cartback.importer.ga.GaWindow;
import io.cartback.importer.send.RecordingIngestAccess;

class MainTest {

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
        JsonNode json() throws Exception {
            return SegmentJson.MAPPER.readTree(out);
        }
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void importsOneStoreDayThroughTheBatchApiAndAccountsForEveryCall() throws Exception {
        try (RecordingIngestAccess ingest = RecordingIngestAccess.accepting()) {
            Path summaryFile = tmp.resolve("last-run/import.json");
            Result r = run(Map.of("CDP_WRITE_KEY", "wk_env"), "import-ga", "--file", GaTestData.file().toString(),
                    "--from", "2016-08-01", "--to", "2016-08-01", "--ingest", ingest.uri().toString(),
                    "--concurrency", "3", "--batch", "50", "--summary", summaryFile.toString());
            assertEquals(0, r.status(), r.err());
            JsonNode s = r.json();
            long calls = s.get("mapping").get("calls").asLong();
            assertTrue(calls > 5000, "one day is thousands of calls: " + calls);
            assertEquals(calls, s.get("delivery").get("accepted").asLong());
            assertEquals(0, s.get("delivery").get("undelivered").asLong());
            List<String> ids = ingest.receivedIds();
            assertEquals(calls, ids.size());
            assertEquals(calls, new HashSet<>(ids).size());
            assertEquals(s.get("facts").get("orders").asLong(),
                    s.get("mapping").get("callsByEvent").get("Order Completed").asLong());
            assertEquals("2016-08-01T07:00:00Z", s.get("window").get("start").asText());
            assertTrue(s.get("note").asText().contains("example.com"));
            JsonNode quirks = s.get("quirks");
            assertEquals(15, quirks.size());
            assertEquals("duplicatePurchaseHits", quirks.get(0).get("counter").asText());
            assertEquals(s.get("mapping").get("duplicatePurchaseHits").asLong(), quirks.get(0).get("count").asLong());
            assertTrue(quirks.get(0).get("count").asLong() > 0, "day one has orders logged twice");
            assertTrue(ingest.authorizations().stream().allMatch(a -> a.equals("Basic d2tfZW52Og==")),
                    "write key from CDP_WRITE_KEY, empty password");
            assertEquals(s, SegmentJson.MAPPER.readTree(Files.readString(summaryFile)));
            assertTrue(r.err().contains("events/s"), "progress on stderr: " + r.err());
        }
    }

    @Test
    void aGaExportWrittenAsNdjsonReimportsWithTheSameMessageIds() throws Exception {
        Path calls = tmp.resolve("calls.ndjson.gz");
        Result written = run(Map.of(), "import-ga", "--file", GaTestData.file().toString(), "--from", "2016-08-01",
                "--to", "2016-08-01", "--out", calls.toString());
        assertEquals(0, written.status(), written.err());
        long n = written.json().get("written").asLong();
        assertEquals(written.json().get("mapping").get("calls").asLong(), n);
        try (RecordingIngestAccess ingest = RecordingIngestAccess.accepting()) {
            Result r = run(Map.of(), "import-ndjson", "--file", calls.toString(), "--ingest", ingest.uri().toString(),
                    "--write-key", "wk", "--gzip");
            assertEquals(0, r.status(), r.err());
            JsonNode s = r.json();
            assertEquals(n, s.get("delivery").get("accepted").asLong());
            assertEquals(0, s.get("export").get("generatedMessageIds").asLong());
            assertFalse(s.get("export").get("sortedByTimestamp").asBoolean(), "already in time order");
            assertTrue(ingest.receivedIds().stream().allMatch(id -> id.startsWith("ga-")));
            assertEquals(n, new HashSet<>(ingest.receivedIds()).size());
        }
    }

    @Test
    void anNdjsonExportIsSentInTimestampOrderWithoutSentAtAndWithStableGeneratedIds() throws Exception {
        Path file = tmp.resolve("export.ndjson");
        Files.writeString(file, String.join("\n",
                "{\"type\":\"track\",\"event\":\"Order Completed\",\"anonymousId\":\"a1\",\"messageId\":\"m3\",\"timestamp\":\"2024-05-01T10:00:03Z\",\"sentAt\":\"2024-05-01T10:00:04Z\",\"properties\":{\"order_id\":\"o1\"}}",
                "{\"type\":\"track\",\"event\":\"Product Added\",\"anonymousId\":\"a1\",\"originalTimestamp\":\"2024-05-01T10:00:01Z\",\"properties\":{\"sku\":\"S1\"}}",
                "this is not json",
                "",
                "{\"type\":\"page\",\"anonymousId\":\"a1\",\"messageId\":\"m2\",\"timestamp\":\"2024-05-01T12:00:02+02:00\",\"writeKey\":\"other\"}",
                ""));
        List<JsonNode> first = new ArrayList<>();
        try (RecordingIngestAccess ingest = RecordingIngestAccess.accepting()) {
            Result r = run(Map.of(), "import-ndjson", "--file", file.toString(), "--ingest",
                    ingest.uri().toString(), "--write-key", "wk", "--concurrency", "1");
            assertEquals(0, r.status(), r.err());
            JsonNode s = r.json();
            assertEquals(3, s.get("delivery").get("accepted").asLong());
            assertEquals(1, s.get("export").get("invalidLines").asLong());
            assertTrue(s.get("export").get("invalidSamples").get(0).asText().startsWith("line 3"));
            assertEquals(1, s.get("export").get("generatedMessageIds").asLong());
            assertEquals(1, s.get("export").get("sentAtRemoved").asLong());
            assertTrue(s.get("export").get("sortedByTimestamp").asBoolean());
            first.addAll(ingest.receivedCalls());
        }
        assertEquals(3, first.size());
        assertTrue(first.get(0).get("messageId").asText().startsWith("ndjson-"));
        assertEquals("2024-05-01T10:00:01Z", first.get(0).get("timestamp").asText());
        assertEquals("m2", first.get(1).get("messageId").asText());
        assertEquals("m3", first.get(2).get("messageId").asText());
        assertFalse(first.get(2).has("sentAt"));
        assertFalse(first.get(1).has("writeKey"));
        try (RecordingIngestAccess ingest = RecordingIngestAccess.accepting()) {
            run(Map.of(), "import-ndjson", "--file", file.toString(), "--ingest", ingest.uri().toString(),
                    "--write-key", "wk");
            assertTrue(ingest.receivedIds().contains(first.get(0).get("messageId").asText()),
                    "generated ids are the same on a re-import");
        }
    }

    @Test
    void factsPrintsTheOracleOfAWindowWithoutSendingAnything() throws Exception {
        Result r = run(Map.of(), "facts", "--file", GaTestData.file().toString(), "--from", "2016-08-01", "--to",
                "2016-08-01");
        assertEquals(0, r.status(), r.err());
        GaFacts expected;
        try (GaCsvReader reader = GaCsvReader.open(GaTestData.file())) {
            expected = GaFacts.of(GaWindow.days(LocalDate.of(2016, 8, 1), LocalDate.of(2016, 8, 1),
                    GaWindow.STORE_ZONE).filter(reader));
        }
        assertEquals(SegmentJson.MAPPER.readTree(SegmentJson.write(expected)), r.json().get("facts"));
        assertEquals(13_116, r.json().get("facts").get("rows").asLong());
        Result withIngest = run(Map.of(), "facts", "--file", "x", "--ingest", "http://localhost:8081");
        assertEquals(2, withIngest.status());
    }

    @Test
    void stopsWithStatusOneWhenIngestRefusesTheWriteKey() throws Exception {
        try (RecordingIngestAccess ingest = RecordingIngestAccess.refusingWriteKey()) {
            Result r = run(Map.of(), "import-ga", "--file", GaTestData.file().toString(), "--from", "2016-08-01",
                    "--to", "2016-08-01", "--ingest", ingest.uri().toString(), "--write-key", "wrong");
            assertEquals(1, r.status());
            JsonNode d = r.json().get("delivery");
            assertTrue(d.get("fatalError").asText().contains("write key"));
            assertEquals(0, d.get("accepted").asLong());
            assertEquals(d.get("submitted").asLong(), d.get("undelivered").asLong());
            assertTrue(r.err().contains("undelivered"), r.err());
        }
    }

    @Test
    void wrongUsageExitsWithStatusTwoAndSaysWhatIsWrong() {
        Result noFile = run(Map.of(), "import-ga", "--ingest", "http://localhost:8081", "--write-key", "k");
        assertEquals(2, noFile.status());
        assertTrue(noFile.err().contains("--file is required"), noFile.err());
        Result badDate = run(Map.of(), "import-ga", "--file", "x", "--from", "2016-13-01", "--to", "2016-08-02",
                "--ingest", "http://localhost:8081", "--write-key", "k");
        assertEquals(2, badDate.status());
        assertTrue(badDate.err().contains("--from '2016-13-01'"), badDate.err());
        Result noKey = run(Map.of(), "import-ga", "--file", "x", "--ingest", "http://localhost:8081");
        assertEquals(2, noKey.status());
        assertTrue(noKey.err().contains("CDP_WRITE_KEY"), noKey.err());
        Result half = run(Map.of(), "import-ga", "--file", "x", "--from", "2016-08-01", "--out", "o.ndjson");
        assertEquals(2, half.status());
        assertTrue(half.err().contains("--from and --to go together"), half.err());
        Result ndjsonWindow = run(Map.of(), "import-ndjson", "--file", "x", "--all", "--ingest",
                "http://localhost:8081", "--write-key", "k");
        assertEquals(2, ndjsonWindow.status());
        assertTrue(ndjsonWindow.err().contains("import-ga only"), ndjsonWindow.err());
        Result missing = run(Map.of(), "import-ga", "--file", tmp.resolve("nope.csv.gz").toString(), "--all",
                "--out", tmp.resolve("o.ndjson").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }
}
