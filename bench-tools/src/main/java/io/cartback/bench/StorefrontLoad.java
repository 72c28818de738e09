package io.cartback.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained storefront load for the fault scenarios in {@code chaos/}: shoppers browse, add to cart, start
 * checkouts, some identify with an email and some order, sent as Segment {@code /v1/batch} calls at a fixed rate
 * (open loop: the storefront does not slow down because the service is in trouble). Like the Segment SDKs, a batch
 * that is not acknowledged (503, connection refused or reset, timeout) is kept and retried with the same
 * messageIds, honouring {@code Retry-After}, until it is acknowledged or the give-up time passes.
 *
 * <p>Writes {@code offered.txt} (every messageId sent), {@code acked.txt} (messageIds of batches answered 200) and
 * {@code gave-up.txt} into the output directory and prints what the clients saw, second by second while anything
 * goes wrong, then a summary line starting with {@code LOAD}.
 *
 * <p>Args: ingestUrl writeKey outDir [seconds=60] [eventsPerSecond=500] [batchSize=20] [giveUpSeconds=300]
 */
public final class StorefrontLoad {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/v1/batch");
        String auth = "Basic " + Base64.getEncoder().encodeToString((args[1] + ":").getBytes(StandardCharsets.UTF_8));
        Path out = Files.createDirectories(Path.of(args[2]));
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int rate = args.length > 4 ? Integer.parseInt(args[4]) : 500;
        int batchSize = args.length > 5 ? Integer.parseInt(args[5]) : 20;
        long giveUpNanos = TimeUnit.SECONDS.toNanos(args.length > 6 ? Long.parseLong(args[6]) : 300);

        String run = Long.toHexString(System.currentTimeMillis());
        Shoppers shoppers = new Shoppers(run, new Random(7));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        // a storefront fleet: many clients, each sending its own batches; an unacknowledged batch keeps its thread
        ExecutorService senders = Executors.newFixedThreadPool(64);
        Stats stats = new Stats();
        List<String> offered = new ArrayList<>();
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> gaveUp = new ConcurrentLinkedQueue<>();

        long start = System.nanoTime();
        long batches = (long) seconds * rate / batchSize;
        long interval = TimeUnit.SECONDS.toNanos(1) * batchSize / rate;
        Thread reporter = new Thread(() -> stats.reportEverySecond(start), "load-reporter");
        reporter.setDaemon(true);
        reporter.start();
        for (long b = 0; b < batches; b++) {
            long due = start + b * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Batch batch = shoppers.nextBatch(batchSize);
            offered.addAll(batch.messageIds());
            senders.execute(() -> {
                if (send(client, uri, auth, batch, stats, System.nanoTime() + giveUpNanos)) {
                    acked.addAll(batch.messageIds());
                } else {
                    gaveUp.addAll(batch.messageIds());
                }
            });
        }
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        if (!senders.awaitTermination(giveUpNanos + TimeUnit.SECONDS.toNanos(30), TimeUnit.NANOSECONDS)) {
            System.err.println("senders still busy after the give-up time");
        }
        Files.write(out.resolve("offered.txt"), offered);
        Files.write(out.resolve("acked.txt"), acked);
        Files.write(out.resolve("gave-up.txt"), gaveUp);
        System.out.printf("LOAD run=%s offered=%d acked=%d gave_up=%d offered_rate=%.0f/s seconds=%.1f attempts=%s"
                        + " retried_batches=%d not_acked_503=%d with_retry_after=%d problem_json=%d connection_errors=%d"
                        + " clients_saw_trouble_from=%s to=%s%n",
                run, offered.size(), acked.size(), gaveUp.size(), offered.size() / offeredSeconds,
                (System.nanoTime() - start) / 1e9, stats.statuses, stats.retriedBatches.get(), stats.unavailable.get(),
                stats.withRetryAfter.get(), stats.problemJson.get(), stats.connectionErrors.get(), stats.firstTrouble,
                stats.lastTrouble);
    }

    /** Sends until acknowledged (true) or the give-up time passes (false). */
    static boolean send(HttpClient client, URI uri, String auth, Batch batch, Stats stats, long giveUpAt) {
        long backoffMs = 250;
        boolean retried = false;
        while (true) {
            long retryAfterMs = backoffMs;
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", auth)
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(batch.body())).build(),
                        HttpResponse.BodyHandlers.ofString());
                stats.statuses.merge(r.statusCode(), 1L, Long::sum);
                if (r.statusCode() == 200) {
                    if (r.body().contains("\"rejected\":[{")) {
                        throw new IllegalStateException("ingest rejected generated events: " + r.body());
                    }
                    return true;
                }
                stats.trouble();
                if (r.statusCode() != 503) {
                    throw new IllegalStateException("unexpected answer " + r.statusCode() + ": " + r.body());
                }
                stats.unavailable.incrementAndGet();
                if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                    stats.problemJson.incrementAndGet();
                }
                var retryAfter = r.headers().firstValue("Retry-After");
                if (retryAfter.isPresent()) {
                    stats.withRetryAfter.incrementAndGet();
                    retryAfterMs = Math.min(5_000, Long.parseLong(retryAfter.get()) * 1000);
                }
            } catch (IOException e) {
                stats.statuses.merge(-1, 1L, Long::sum); // -1: no answer (refused, reset, timeout)
                stats.connectionErrors.incrementAndGet();
                stats.trouble();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (!retried) {
                retried = true;
                stats.retriedBatches.incrementAndGet();
            }
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(retryAfterMs) > giveUpAt) {
                return false;
            }
            try {
                Thread.sleep(retryAfterMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            backoffMs = Math.min(5_000, backoffMs * 2);
        }
    }

    record Batch(List<String> messageIds, byte[] body) {
    }

    static final class Stats {
        final Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        final AtomicLong retriedBatches = new AtomicLong();
        final AtomicLong unavailable = new AtomicLong();
        final AtomicLong withRetryAfter = new AtomicLong();
        final AtomicLong problemJson = new AtomicLong();
        final AtomicLong connectionErrors = new AtomicLong();
        volatile Instant firstTrouble;
        volatile Instant lastTrouble;

        synchronized void trouble() {
            Instant now = Instant.now();
            if (firstTrouble == null) {
                firstTrouble = now;
            }
            lastTrouble = now;
        }

        void reportEverySecond(long start) {
            Map<Integer, Long> before = new TreeMap<>();
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                Map<Integer, Long> now = new TreeMap<>(statuses);
                Map<Integer, Long> delta = new TreeMap<>();
                now.forEach((k, v) -> {
                    long d = v - before.getOrDefault(k, 0L);
                    if (d > 0) {
                        delta.put(k, d);
                    }
                });
                before.clear();
                before.putAll(now);
                if (delta.keySet().stream().anyMatch(k -> k != 200)) {
                    System.out.printf("t=%5.1fs answers in the last second (status -1 = no answer): %s%n",
                            (System.nanoTime() - start) / 1e9, delta);
                }
            }
        }
    }

    /** Shopper sessions, interleaved: each goes page → view → add → checkout → (identify) → (order). */
    static final class Shoppers {
        private final String run;
        private final Random random;
        private final List<List<String>> open = new ArrayList<>();
        private long shopper;
        private long message;

        Shoppers(String run, Random random) {
            this.run = run;
            this.random = random;
        }

        Batch nextBatch(int size) {
            List<String> ids = new ArrayList<>(size);
            StringBuilder sb = new StringBuilder(size * 600).append("{\"batch\":[");
            for (int i = 0; i < size; i++) {
                while (open.size() < 50) {
                    open.add(session(shopper++));
                }
                int pick = random.nextInt(open.size());
                List<String> session = open.get(pick);
                String event = session.remove(0);
                if (session.isEmpty()) {
                    open.remove(pick);
                }
                String id = "chaos-" + run + "-" + (message++);
                ids.add(id);
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(event.replace("__MID__", id).replace("__TS__", Instant.now().toString()));
            }
            return new Batch(ids, sb.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }

        private List<String> session(long n) {
            String anon = "chaos-anon-" + run + "-" + n;
            String sku = "GGOEGAAX0" + (100 + random.nextInt(200));
            String price = (5 + random.nextInt(60)) + ".99";
            String product = "\"product_id\":\"" + sku + "\",\"sku\":\"" + sku + "\",\"name\":\"Chaos Tee " + sku
                    + "\",\"price\":" + price + ",\"quantity\":1,\"currency\":\"USD\"";
            String common = "\"messageId\":\"__MID__\",\"anonymousId\":\"" + anon + "\",\"timestamp\":\"__TS__\","
                    + "\"context\":{\"library\":{\"name\":\"chaos-load\",\"version\":\"1\"},\"page\":{\"path\":\"/basket.html\"}}";
            List<String> events = new ArrayList<>();
            events.add("{\"type\":\"page\"," + common + ",\"name\":\"Home\",\"properties\":{\"path\":\"/home\"}}");
            events.add("{\"type\":\"track\"," + common + ",\"event\":\"Product Viewed\",\"properties\":{" + product + "}}");
            events.add("{\"type\":\"track\"," + common + ",\"event\":\"Product Added\",\"properties\":{" + product
                    + ",\"cart_id\":\"cart-" + anon + "\"}}");
            events.add("{\"type\":\"track\"," + common + ",\"event\":\"Checkout Started\",\"properties\":{\"order_id\":\"o-"
                    + anon + "\",\"value\":" + price + ",\"currency\":\"USD\",\"products\":[{" + product + "}]}}");
            if (random.nextInt(10) < 3) {
                events.add("{\"type\":\"identify\"," + common + ",\"userId\":\"chaos-user-" + run + "-" + n
                        + "\",\"traits\":{\"email\":\"shopper-" + run + "-" + n + "@example.test\"}}");
            }
            if (random.nextInt(10) < 4) {
                events.add("{\"type\":\"track\"," + common + ",\"event\":\"Order Completed\",\"properties\":{\"order_id\":\"o-"
                        + anon + "\",\"total\":" + price + ",\"currency\":\"USD\",\"products\":[{" + product + "}]}}");
            }
            return events;
        }
    }

    private StorefrontLoad() {
    }
}
