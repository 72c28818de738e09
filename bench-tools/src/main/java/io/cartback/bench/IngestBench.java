package io.cartback.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Measures ingest-service: sustained /v1/batch throughput (100 realistic ~600 B e-commerce events per batch,
 * closed loop), latency at half that rate (open loop, latency measured from the intended send time so a stall
 * is not hidden), and the raw KafkaProducer rate of the same payloads into the same broker (acks=all,
 * idempotent). Prints figures and ratios.
 *
 * <p>Args: ingestUrl writeKey bootstrapServers [seconds=20] [concurrency=12]
 */
public final class IngestBench {
    static final int BATCH = 100;

    public static void main(String[] args) throws Exception {
        String ingest = args[0];
        String writeKey = args[1];
        String bootstrap = args[2];
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 12;
        Payloads payloads = new Payloads(new Random(42));
        System.out.printf("event size: %d bytes on average (JSON as sent)%n", payloads.averageEventBytes());

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((writeKey + ":").getBytes(StandardCharsets.UTF_8));
        URI uri = URI.create(ingest + "/v1/batch");

        closedLoop(client, uri, auth, payloads, 5, concurrency); // warm-up
        Result max = closedLoop(client, uri, auth, payloads, seconds, concurrency);
        System.out.printf("ingest max sustained: %,.0f events/s (%d requests, %d non-200)%n", max.eventsPerSecond(),
                max.requests(), max.errors());

        double halfRate = max.eventsPerSecond() / 2;
        Latency half = openLoop(client, uri, auth, payloads, seconds, halfRate / BATCH);
        System.out.printf("at 50%% load (%,.0f events/s): p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d requests, %d non-200)%n",
                halfRate, half.p50(), half.p99(), half.max(), half.requests(), half.errors());

        double raw = rawProducer(bootstrap, payloads, (int) Math.max(200_000, max.eventsPerSecond() * 10));
        System.out.printf("raw KafkaProducer (acks=all, idempotent, same payloads): %,.0f msgs/s%n", raw);
        System.out.printf("RESULT ingest_events_per_s=%.0f raw_producer_msgs_per_s=%.0f ratio=%.2f p50_ms=%.1f p99_ms=%.1f%n",
                max.eventsPerSecond(), raw, max.eventsPerSecond() / raw, half.p50(), half.p99());
    }

    record Result(double eventsPerSecond, long requests, long errors) {
    }

    record Latency(double p50, double p99, double max, long requests, long errors) {
    }

    static Result closedLoop(HttpClient client, URI uri, String auth, Payloads payloads, int seconds, int concurrency)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long requests = 0;
        while (System.nanoTime() < end) {
            inFlight.acquire();
            requests++;
            client.sendAsync(request(uri, auth, payloads.nextBatch()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        if (e == null && r.statusCode() == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(concurrency);
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Result(ok.get() * BATCH / elapsed, requests, errors.get());
    }

    static Latency openLoop(HttpClient client, URI uri, String auth, Payloads payloads, int seconds, double requestsPerSecond)
            throws InterruptedException {
        long interval = (long) (1e9 / requestsPerSecond);
        long start = System.nanoTime();
        long n = (long) (seconds * requestsPerSecond);
        ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            long intended = start + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            all.add(client.sendAsync(request(uri, auth, payloads.nextBatch()), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies.add((System.nanoTime() - intended) / 1e6);
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Latency(percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1], n, errors.get());
    }

    static double rawProducer(String bootstrap, Payloads payloads, int messages) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, "67108864");
        List<byte[]> events = payloads.events();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get().contains("cdp.bench.raw")) {
                // same shape as cdp.events.v1 (6 partitions)
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("cdp.bench.raw", 6, (short) 1)))
                        .all().get();
            }
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // warm-up
            for (int i = 0; i < 20_000; i++) {
                producer.send(new ProducerRecord<>("cdp.bench.raw", "k" + (i % 5000), events.get(i % events.size())));
            }
            producer.flush();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                producer.send(new ProducerRecord<>("cdp.bench.raw", "k" + (i % 5000), events.get(i % events.size())));
            }
            producer.flush();
            return messages / ((System.nanoTime() - start) / 1e9);
        }
    }

    static HttpRequest request(URI uri, String auth, byte[] body) {
        return HttpRequest.newBuilder(uri).header("Authorization", auth).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    /** Realistic storefront events: product views/adds and checkout steps with SDK context, ~600 bytes each. */
    static final class Payloads {
        private final List<byte[]> events = new ArrayList<>();
        private final Random random;
        private long sequence;

        Payloads(Random random) {
            this.random = random;
            String[] names = {"Google Men's 100% Cotton Short Sleeve Hero Tee White", "YouTube Custom Decals",
                    "Android Wool Heather Cap Heather/Black", "Google Laptop and Cell Phone Stickers",
                    "Nest® Learning Thermostat 3rd Gen-USA - Stainless Steel"};
            String[] events = {"Product Viewed", "Product Added", "Checkout Step Viewed", "Product Removed"};
            for (int i = 0; i < 1000; i++) {
                String anon = "anon-" + Long.toHexString(random.nextLong());
                String event = events[random.nextInt(events.length)];
                String json = "{\"type\":\"track\",\"messageId\":\"__MID__\",\"anonymousId\":\"" + anon + "\",\"event\":\"" + event
                        + "\",\"timestamp\":\"" + Instant.parse("2016-08-01T07:00:00Z").plusSeconds(i * 37L) + "\","
                        + "\"properties\":{\"product_id\":\"GGOEGAAX0" + (100 + i % 800) + "\",\"sku\":\"GGOEGAAX0"
                        + (100 + i % 800) + "\",\"name\":\"" + names[i % names.length] + "\",\"category\":\"Home/Apparel/Men's/\","
                        + "\"price\":\"" + (5 + i % 60) + ".99\",\"quantity\":" + (1 + i % 3) + ",\"currency\":\"USD\","
                        + "\"cart_id\":\"cart-" + anon + "\",\"step\":2,\"step_name\":\"shipping\"},"
                        + "\"context\":{\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"},"
                        + "\"page\":{\"path\":\"/basket.html\",\"url\":\"https://shop.googlemerchandisestore.com/basket.html\"},"
                        + "\"userAgent\":\"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36\","
                        + "\"device\":{\"type\":\"desktop\"},\"campaign\":{\"source\":\"google\",\"medium\":\"organic\"}}}";
                this.events.add(json.getBytes(StandardCharsets.UTF_8));
            }
        }

        int averageEventBytes() {
            return (int) events.stream().mapToInt(b -> b.length + 34).average().orElse(0);
        }

        List<byte[]> events() {
            List<byte[]> filled = new ArrayList<>();
            for (byte[] e : events) {
                filled.add(new String(e, StandardCharsets.UTF_8).replace("__MID__", "m-" + Long.toHexString(random.nextLong()))
                        .getBytes(StandardCharsets.UTF_8));
            }
            return filled;
        }

        synchronized byte[] nextBatch() {
            StringBuilder sb = new StringBuilder(BATCH * 700).append("{\"batch\":[");
            for (int i = 0; i < BATCH; i++) {
                if (i > 0) {
                    sb.append(',');
                }
                byte[] template = events.get((int) (sequence % events.size()));
                sb.append(new String(template, StandardCharsets.UTF_8).replace("__MID__", "m-" + (sequence++) + "-" + random.nextInt()));
            }
            return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private IngestBench() {
    }

}
