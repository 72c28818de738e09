package io.cartback.importer.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * Parallel lanes must not let one shopper's events fall far behind the others' in event time: downstream
 * services would see them behind their watermark. One lane's server answers slowly; the arrival order seen by
 * the server never goes back more than the allowed skew.
 */
class IngestSenderSkewTest {
    private static final Pattern TS = Pattern.compile("\"t\":(\\d+)");

    @Test
    void aSlowLaneHoldsTheOthersBackWithinTheSkew() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(8));
        server.createContext("/v1/batch", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = TS.matcher(body);
            boolean slow = body.contains("\"slow\"");
            while (m.find()) {
                arrivals.add(Long.parseLong(m.group(1)));
            }
            if (slow) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] ok = "{\"success\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
            Duration skew = Duration.ofSeconds(60);
            IngestSender sender = new IngestSender(new IngestSender.Options(uri, "wk", 4, 5, false,
                    Duration.ofSeconds(30), Duration.ofSeconds(10), skew));
            Instant t0 = Instant.parse("2016-08-01T07:00:00Z");
            for (int i = 0; i < 400; i++) {
                // one event every 10 s of event time; shopper "slow" gets every 4th event
                String shopper = i % 4 == 0 ? "slow" : "fast-" + (i % 7);
                long t = t0.plusSeconds(10L * i).toEpochMilli();
                byte[] json = ("{\"type\":\"track\",\"event\":\"E\",\"anonymousId\":\"" + shopper + "\",\"t\":" + t + "}")
                        .getBytes(StandardCharsets.UTF_8);
                sender.submit(new Outgoing("m" + i, shopper, json, t));
            }
            DeliverySummary summary = sender.finish();
            assertEquals(400, summary.accepted());
            long maxSeen = Long.MIN_VALUE;
            long worst = 0;
            for (long t : arrivals) {
                maxSeen = Math.max(maxSeen, t);
                worst = Math.max(worst, maxSeen - t);
            }
            assertTrue(worst <= skew.toMillis(), "an event arrived " + worst / 1000 + " s of event time behind the newest");
        } finally {
            server.stop(0);
        }
    }

}
