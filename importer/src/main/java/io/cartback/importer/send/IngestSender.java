package io.cartback.importer.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;

import io.cartback.importer.SegmentJson;

/**
 * Sends calls to the ingest API's {@code POST /v1/batch} (Segment HTTP Tracking API), write key as HTTP Basic
 * user with an empty password.
 *
 * <p>Order: calls are spread over {@code concurrency} lanes by shopper key; each lane sends its batches one after
 * the other, so one shopper's calls reach ingest (and Kafka) in the order they were submitted — event-time order
 * when the caller submits in that order — while lanes run in parallel.
 *
 * <p>Nothing is dropped silently: a 200 answer's {@code rejected} list is counted per reason; a 400/413 for a whole
 * batch is narrowed down by halving the batch until the refused calls are found; 408, 429, 5xx, timeouts and
 * connection errors are retried with exponential backoff, honouring {@code Retry-After}, until
 * {@code giveUpAfter}; then (or on 401/403) the import stops and every call not acknowledged is counted as
 * undelivered.
 */
public final class IngestSender implements AutoCloseable {

    /** Segment's per-event limit; larger calls are refused locally (reason {@code event_too_large}). */
    public static final int MAX_EVENT_BYTES = 32 * 1024;
    /** Segment's batch limit is 500 KB; stay under it whichever way a KB is counted. */
    public static final int MAX_BATCH_BYTES = 500_000 - 64;
    private static final int SAMPLE_LIMIT = 20;
    private static final Outgoing END = new Outgoing(null, null, new byte[0]);

    public record Options(URI ingest, String writeKey, int concurrency, int batchSize, boolean gzip,
            Duration giveUpAfter, Duration requestTimeout, Duration maxSkew) {
        /** Lanes stay within one minute of event time of each other (well inside the services' lateness). */
        public static final Duration DEFAULT_MAX_SKEW = Duration.ofMinutes(1);

        public Options(URI ingest, String writeKey, int concurrency, int batchSize, boolean gzip,
                Duration giveUpAfter, Duration requestTimeout) {
            this(ingest, writeKey, concurrency, batchSize, gzip, giveUpAfter, requestTimeout, DEFAULT_MAX_SKEW);
        }

        public Options {
            if (concurrency < 1 || concurrency > 64) {
                throw new IllegalArgumentException("--concurrency must be 1..64, got " + concurrency);
            }
            if (batchSize < 1 || batchSize > 2000) {
                throw new IllegalArgumentException("--batch must be 1..2000, got " + batchSize);
            }
            if (writeKey == null || writeKey.isBlank()) {
                throw new IllegalArgumentException("a write key is required (--write-key or CDP_WRITE_KEY)");
            }
        }
    }

    private final Options options;
    private final HttpClient http;
    private final URI batchUri;
    private final String authorization;
    private final Lane[] lanes;
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong requestBytes = new AtomicLong();
    private final Map<String, LongAdder> rejectedByReason = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> retriesByCause = new ConcurrentHashMap<>();
    private final List<DeliverySummary.Rejection> samples = Collections.synchronizedList(new ArrayList<>());
    private volatile String fatalError;
    private volatile long startNanos;
    private volatile long lastAckNanos;
    private boolean finished;

    public IngestSender(Options options) {
        this.options = options;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1)
                .build();
        String base = options.ingest().toString().replaceAll("/+$", "");
        this.batchUri = URI.create(base + "/v1/batch");
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((options.writeKey() + ":").getBytes(StandardCharsets.UTF_8));
        this.lanes = new Lane[options.concurrency()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane(i);
            lanes[i].start();
        }
    }

    /**
     * Queues one call (blocks while its lane is full). Returns false when the import has stopped (fatal error);
     * the caller should stop reading then.
     */
    public boolean submit(Outgoing call) throws InterruptedException {
        if (finished) {
            throw new IllegalStateException("finish() was called");
        }
        if (startNanos == 0) {
            startNanos = System.nanoTime();
        }
        submitted.incrementAndGet();
        if (fatalError != null) {
            undelivered.incrementAndGet();
            return false;
        }
        if (call.json().length > MAX_EVENT_BYTES) {
            reject(call.messageId(), "event_too_large",
                    "the call is " + call.json().length + " bytes; the limit is " + MAX_EVENT_BYTES);
            return true;
        }
        String key = call.shopperKey() == null ? call.messageId() : call.shopperKey();
        awaitLanesWithin(call.eventTimeMillis());
        lanes[Math.floorMod(key == null ? 0 : key.hashCode(), lanes.length)].queue.put(call);
        return true;
    }

    /**
     * Bounds the disorder parallel lanes create: a call may be queued only when no lane still holds (queued or in
     * flight) a call more than {@code maxSkew} older in event time. Consumers downstream run on event time with an
     * allowed lateness; without this bound a slow lane's events would arrive behind their watermark and be
     * counted as too late. Idle lanes never hold anything back.
     */
    private void awaitLanesWithin(long eventTime) throws InterruptedException {
        if (eventTime == Long.MIN_VALUE) {
            return;
        }
        long limit = eventTime - options.maxSkew().toMillis();
        while (fatalError == null) {
            boolean behind = false;
            for (Lane lane : lanes) {
                if (lane.oldestPending() < limit) {
                    behind = true;
                    break;
                }
            }
            if (!behind) {
                return;
            }
            Thread.sleep(1);
        }
    }

    /** Calls acknowledged so far (accepted or rejected), for progress display. */
    public long acknowledged() {
        return accepted.get() + rejected.get();
    }

    public boolean stopped() {
        return fatalError != null;
    }

    /** Sends what is queued, waits for every lane, and tells what became of every submitted call. */
    public DeliverySummary finish() throws InterruptedException {
        if (!finished) {
            finished = true;
            for (Lane lane : lanes) {
                lane.queue.put(END);
            }
            for (Lane lane : lanes) {
                lane.join();
            }
        }
        double seconds = startNanos == 0 ? 0 : Math.max(0, lastAckNanos - startNanos) / 1e9;
        long done = accepted.get() + rejected.get();
        return new DeliverySummary(submitted.get(), accepted.get(), duplicates.get(), rejected.get(),
                snapshot(rejectedByReason),
                List.copyOf(samples), undelivered.get(), batches.get(), retries.get(), snapshot(retriesByCause),
                requestBytes.get(), Math.round(seconds * 1000) / 1000.0,
                seconds > 0 ? Math.round(done / seconds * 10) / 10.0 : 0, fatalError);
    }

    @Override
    public void close() throws InterruptedException {
        finish();
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.sum()));
        return Collections.unmodifiableMap(out);
    }

    private void reject(String messageId, String reason, String details) {
        rejected.incrementAndGet();
        rejectedByReason.computeIfAbsent(reason, r -> new LongAdder()).increment();
        if (samples.size() < SAMPLE_LIMIT) {
            samples.add(new DeliverySummary.Rejection(messageId, reason, details));
        }
        lastAckNanos = System.nanoTime();
    }

    private void fatal(String message) {
        if (fatalError == null) {
            fatalError = message;
        }
    }

    /** One sequential sender: batches leave in queue order, the next only after the previous was answered. */
    private final class Lane extends Thread {
        final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(Math.max(256, options.batchSize() * 4));
        /** Event time of the oldest call of the batch being sent, MAX_VALUE when none is in flight. */
        volatile long inFlightOldest = Long.MAX_VALUE;

        /** The oldest event time this lane still holds, queued or in flight (queues are in event-time order). */
        long oldestPending() {
            Outgoing head = queue.peek();
            long queued = head == null || head == END || head.eventTimeMillis() == Long.MIN_VALUE
                    ? Long.MAX_VALUE : head.eventTimeMillis();
            return Math.min(inFlightOldest, queued);
        }

        Lane(int n) {
            super("ingest-lane-" + n);
            setDaemon(true);
        }

        @Override
        public void run() {
            List<Outgoing> batch = new ArrayList<>(options.batchSize());
            Outgoing carry = null;
            boolean end = false;
            try {
                while (!end) {
                    Outgoing first = carry != null ? carry : queue.take();
                    carry = null;
                    if (first == END) {
                        break;
                    }
                    batch.add(first);
                    inFlightOldest = first.eventTimeMillis() == Long.MIN_VALUE ? Long.MAX_VALUE
                            : first.eventTimeMillis();
                    int bytes = first.json().length + 16;
                    while (batch.size() < options.batchSize()) {
                        Outgoing next = queue.poll(5, TimeUnit.MILLISECONDS);
                        if (next == null) {
                            break;
                        }
                        if (next == END) {
                            end = true;
                            break;
                        }
                        if (bytes + next.json().length + 1 > MAX_BATCH_BYTES) {
                            carry = next;
                            break;
                        }
                        batch.add(next);
                        bytes += next.json().length + 1;
                    }
                    if (fatalError != null) {
                        undelivered.addAndGet(batch.size());
                    } else {
                        deliver(batch);
                    }
                    inFlightOldest = carry == null || carry.eventTimeMillis() == Long.MIN_VALUE ? Long.MAX_VALUE
                            : carry.eventTimeMillis();
                    batch.clear();
                }
            } catch (InterruptedException e) {
                fatal("interrupted");
                undelivered.addAndGet(batch.size());
                Thread.currentThread().interrupt();
            }
        }
    }

    private void deliver(List<Outgoing> batch) throws InterruptedException {
        byte[] body = body(batch);
        long firstFailure = 0;
        int attempt = 0;
        while (true) {
            HttpResponse<String> response;
            String cause;
            Duration wait = null;
            try {
                response = http.send(request(body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    batches.incrementAndGet();
                    requestBytes.addAndGet(body.length);
                    acknowledge(batch, response.body());
                    return;
                }
                if (status == 401 || status == 403) {
                    fatal("ingest refused the write key (HTTP " + status + "): " + problem(response.body()));
                    undelivered.addAndGet(batch.size());
                    return;
                }
                if (status != 408 && status != 429 && status < 500) {
                    refused(batch, status, response.body());
                    lastAckNanos = System.nanoTime();
                    return;
                }
                cause = "HTTP " + status;
                wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                cause = e.getClass().getSimpleName();
            }
            long now = System.nanoTime();
            if (firstFailure == 0) {
                firstFailure = now;
            }
            if (wait == null) {
                long capped = Math.min(30_000, 250L << Math.min(attempt, 7));
                wait = Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
            }
            Duration spent = Duration.ofNanos(now - firstFailure);
            if (spent.plus(wait).compareTo(options.giveUpAfter()) > 0) {
                fatal("gave up after retrying for " + spent.toSeconds() + " s; last answer: " + cause);
                undelivered.addAndGet(batch.size());
                return;
            }
            retries.incrementAndGet();
            retriesByCause.computeIfAbsent(cause, c -> new LongAdder()).increment();
            attempt++;
            Thread.sleep(wait.toMillis());
            if (fatalError != null) {
                undelivered.addAndGet(batch.size());
                return;
            }
        }
    }

    /**
     * A 4xx for the whole batch. When the problem lists the refused calls ({@code rejected}, as ingest does when no
     * call of a batch was acceptable), those are counted and any others sent again; otherwise the batch is halved
     * until the calls that cause the refusal are found.
     */
    private void refused(List<Outgoing> batch, int status, String body) throws InterruptedException {
        JsonNode list = null;
        try {
            JsonNode json = body == null || body.isBlank() ? null : SegmentJson.MAPPER.readTree(body);
            list = json == null ? null : json.get("rejected");
        } catch (IOException e) {
            // not JSON: fall through to halving
        }
        if (list != null && list.isArray() && !list.isEmpty()) {
            boolean[] listed = new boolean[batch.size()];
            int found = 0;
            for (JsonNode r : list) {
                int index = r.hasNonNull("index") ? r.get("index").asInt(-1) : -1;
                if (index >= 0 && index < batch.size() && !listed[index]) {
                    listed[index] = true;
                    found++;
                    rejectListed(batch, r);
                }
            }
            if (found > 0) {
                List<Outgoing> rest = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    if (!listed[i]) {
                        rest.add(batch.get(i));
                    }
                }
                if (!rest.isEmpty()) {
                    deliver(rest);
                }
                return;
            }
        }
        if (batch.size() > 1) {
            int half = batch.size() / 2;
            deliver(new ArrayList<>(batch.subList(0, half)));
            deliver(new ArrayList<>(batch.subList(half, batch.size())));
            return;
        }
        reject(batch.get(0).messageId(), "http_" + status, problem(body));
    }

    private void acknowledge(List<Outgoing> batch, String body) {
        int refused = 0;
        try {
            JsonNode json = body == null || body.isBlank() ? null : SegmentJson.MAPPER.readTree(body);
            JsonNode list = json == null ? null : json.get("rejected");
            if (list != null && list.isArray()) {
                for (JsonNode r : list) {
                    rejectListed(batch, r);
                    refused++;
                }
            }
            JsonNode dup = json == null ? null : json.get("duplicates");
            if (dup != null && dup.canConvertToLong()) {
                duplicates.addAndGet(dup.asLong());
            }
        } catch (IOException e) {
            // a 200 without a readable body: Segment answers plain {"success":true}; count all as accepted
        }
        accepted.addAndGet(Math.max(0, batch.size() - refused));
        lastAckNanos = System.nanoTime();
    }

    /** Counts one entry of a {@code rejected} list: messageId (or the batch's at its index), reason, errors. */
    private void rejectListed(List<Outgoing> batch, JsonNode r) {
        String id = text(r, "messageId");
        int index = r.hasNonNull("index") ? r.get("index").asInt(-1) : -1;
        if (id == null && index >= 0 && index < batch.size()) {
            id = batch.get(index).messageId();
        }
        String reason = text(r, "reason");
        JsonNode errors = r.get("errors");
        String details = errors == null ? text(r, "detail") : errors.toString();
        reject(id, reason == null ? "unspecified" : reason, shorten(details));
    }

    private HttpRequest request(byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(batchUri)
                .timeout(options.requestTimeout())
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("User-Agent", "cartback-importer");
        if (options.gzip()) {
            b.header("Content-Encoding", "gzip");
            body = gzip(body);
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static byte[] body(List<Outgoing> batch) {
        int size = 12;
        for (Outgoing o : batch) {
            size += o.json().length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes("{\"batch\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.get(i).json());
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Retry-After as delay-seconds or an HTTP-date; null when absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** The problem+json title/detail of an error answer, else its first 300 characters. */
    private static String problem(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            JsonNode p = SegmentJson.MAPPER.readTree(body);
            String title = text(p, "title");
            String detail = text(p, "detail");
            if (title != null || detail != null) {
                return (title == null ? "" : title) + (detail == null ? "" : (title == null ? "" : ": ") + detail);
            }
        } catch (IOException e) {
            // not JSON
        }
        return shorten(body);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static String shorten(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
