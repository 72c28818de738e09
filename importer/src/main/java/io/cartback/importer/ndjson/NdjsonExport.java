package io.cartback.importer.ndjson;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.cartback.importer.SegmentJson;
import io.cartback.importer.send.Outgoing;

/**
 * A Segment-format NDJSON export (one call per line, optionally gzip-compressed) made ready for the ingest API:
 *
 * <ul>
 * <li>{@code sentAt} and {@code receivedAt} are removed: they describe the original delivery, and a {@code sentAt}
 * would make ingest re-time the historical event to now; {@code timestamp} is kept (taken from
 * {@code originalTimestamp} when absent). {@code writeKey} is removed: the import authenticates with its own key.
 * <li>a call without {@code messageId} gets {@code ndjson-<sha-256 of the line>} so a re-import is deduplicated.
 * <li>lines that are not a JSON object are not sent; they are counted with their line numbers.
 * <li>calls go out in timestamp order: a file already in order is streamed; otherwise it is sorted in memory
 * (stable, so calls with equal timestamps keep their file order).
 * </ul>
 */
public final class NdjsonExport {

    /** What the export held and what was done to it. */
    public record Stats(long lines, long calls, long invalidLines, List<String> invalidSamples,
            long generatedMessageIds, long sentAtRemoved, boolean sortedByTimestamp) {
    }

    /** Receives prepared calls; returns false to stop. */
    public interface Sink {
        boolean accept(Outgoing call) throws InterruptedException;
    }

    private final Path file;
    private final AtomicLong linesRead = new AtomicLong();
    private long lines;
    private long calls;
    private long invalid;
    private final List<String> invalidSamples = new ArrayList<>();
    private long generatedIds;
    private long sentAtRemoved;
    private boolean inOrder = true;

    public NdjsonExport(Path file) {
        this.file = file;
    }

    /** First pass: counts the lines and checks the timestamp order. Returns the number of lines. */
    public long scan() throws IOException {
        long n = 0;
        Instant previous = null;
        try (BufferedReader r = open()) {
            String line;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || !inOrder) {
                    continue;
                }
                Instant t = timestampOf(line);
                if (t != null) {
                    if (previous != null && t.isBefore(previous)) {
                        inOrder = false;
                    }
                    previous = t;
                }
            }
        }
        return n;
    }

    /** Second pass: hands every valid call to the sink in timestamp order. */
    public void forEach(Sink sink) throws IOException, InterruptedException {
        if (inOrder) {
            try (BufferedReader r = open()) {
                String line;
                long no = 0;
                while ((line = r.readLine()) != null) {
                    no++;
                    linesRead.set(no);
                    Prepared p = prepare(line, no);
                    if (p != null && !sink.accept(p.call)) {
                        return;
                    }
                }
            }
            return;
        }
        List<Prepared> all = new ArrayList<>();
        try (BufferedReader r = open()) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                Prepared p = prepare(line, ++no);
                if (p != null) {
                    all.add(p);
                }
            }
        }
        all.sort(Comparator.comparing(p -> p.time == null ? Instant.MIN : p.time));
        long sent = 0;
        for (Prepared p : all) {
            linesRead.set(lines * ++sent / Math.max(1, all.size()));
            if (!sink.accept(p.call)) {
                return;
            }
        }
    }

    public long linesRead() {
        return linesRead.get();
    }

    public Stats stats() {
        return new Stats(lines, calls, invalid, List.copyOf(invalidSamples), generatedIds, sentAtRemoved, !inOrder);
    }

    private record Prepared(Instant time, Outgoing call) {
    }

    private Prepared prepare(String line, long no) {
        lines++;
        if (line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = SegmentJson.MAPPER.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            invalid(no, "not JSON: " + e.getOriginalMessage());
            return null;
        }
        if (!(node instanceof ObjectNode call)) {
            invalid(no, "not a JSON object");
            return null;
        }
        if (call.remove("sentAt") != null) {
            sentAtRemoved++;
        }
        call.remove("receivedAt");
        call.remove("writeKey");
        if (!call.hasNonNull("timestamp") && call.hasNonNull("originalTimestamp")) {
            call.set("timestamp", call.get("originalTimestamp"));
        }
        if (!call.hasNonNull("messageId") || call.get("messageId").asText().isBlank()) {
            call.put("messageId", "ndjson-" + sha256(line));
            generatedIds++;
        }
        String key = text(call, "anonymousId");
        if (key == null) {
            key = text(call, "userId");
        }
        calls++;
        Instant at = instant(text(call, "timestamp"));
        return new Prepared(at, new Outgoing(call.get("messageId").asText(), key, SegmentJson.bytes(call), at));
    }

    private void invalid(long no, String why) {
        invalid++;
        if (invalidSamples.size() < 20) {
            invalidSamples.add("line " + no + ": " + why);
        }
    }

    private static Instant timestampOf(String line) {
        try {
            JsonNode n = SegmentJson.MAPPER.readTree(line);
            String t = text(n, "timestamp");
            return instant(t != null ? t : text(n, "originalTimestamp"));
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant instant(String v) {
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String sha256(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private BufferedReader open() throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        InputStream data = (b1 == 0x1f && b2 == 0x8b) ? new GZIPInputStream(raw, 1 << 16) : raw;
        return new BufferedReader(new InputStreamReader(data, StandardCharsets.UTF_8), 1 << 16);
    }
}
