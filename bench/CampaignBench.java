// campaign-service dispatch benchmark driver (run by bench/campaign-dispatch.sh; single-file Java program).
// Loads N shoppers (profile + abandoned cart, all due at the same event time), waits until every cart is
// enrolled, then moves the watermark past the due time in one step and measures, from the database:
//   throughput = N / (wall time from the watermark move until the last email was recorded SENT)
//   due-time lag = sent_wall_at - moment the step became due (the watermark move), p50/p95/p99/max
// Every email is rendered from the real templates and sent over SMTP to the local sink (GreenMail).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

public class CampaignBench {
    public static void main(String[] args) throws Exception {
        String base = args[0], token = args[1], kafka = args[2], jdbc = args[3];
        int n = Integer.parseInt(args[4]);
        long servicePid = args.length > 5 ? Long.parseLong(args[5]) : -1;
        HttpClient http = HttpClient.newHttpClient();
        String reason = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String body = "{\"name\":\"bench " + reason + "\",\"delay\":\"PT1H\",\"trigger\":{\"reasons\":[\"" + reason
                + "\"]},\"freeShipping\":{\"threshold\":75,\"currency\":\"USD\"},\"recommendations\":3,"
                + "\"sender\":{\"address\":\"shop@example.com\",\"name\":\"Bench Shop\"}}";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/campaigns?activate=true"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("campaign not created: " + created.statusCode() + " " + created.body());
        }
        String campaignId = created.body().replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");

        // event time of the run: after whatever the watermark already is
        HttpResponse<String> wm = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/watermark"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        Instant current = Instant.parse(wm.body().replaceAll("(?s).*\"watermark\":\"([^\"]+)\".*", "$1"));
        Instant t = (current.isAfter(Instant.parse("2025-06-01T10:00:00Z")) ? current : Instant.parse("2025-06-01T10:00:00Z"))
                .plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);

        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        p.put("acks", "all");
        p.put("linger.ms", "10");
        long loadStart = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < n; i++) {
                String anon = reason + "-a" + i;
                String cart = "[" + line("p" + (i % 97), "Organic Tee " + i, "19.99", 2) + ","
                        + line("h" + (i % 31), "Wool Hat", "14.50", 1) + "," + line("s" + (i % 13), "Socks", "4.00", 3) + "]";
                String profile = "{\"profileId\":\"" + anon + "-p\",\"version\":1,\"updatedAt\":\"" + t + "\",\"email\":\""
                        + anon + "@bench.example.org\",\"userIds\":[],\"anonymousIds\":[\"" + anon + "\"],"
                        + "\"traits\":{\"firstName\":\"Shopper " + i + "\"},\"consent\":{\"emailMarketing\":true,"
                        + "\"unsubscribed\":false},\"cart\":" + cart + ",\"cartCurrency\":\"USD\",\"cartUpdatedAt\":\"" + t
                        + "\",\"recentlyViewed\":[" + viewed("r1", "Beanie", "18.00", t) + "," + viewed("r2", "Scarf", "29.00", t)
                        + "," + viewed("r3", "Mug", "9.00", t) + "," + viewed("r4", "Pin", "3.00", t) + "],"
                        + "\"facts\":{\"orders\":0,\"revenue\":0,\"purchasedProductIds\":[],\"timezone\":\"UTC\",\"locale\":\"en-US\"}}";
                producer.send(new ProducerRecord<>("cdp.profiles.v1", anon + "-p", profile));
                String abandoned = "{\"abandonmentId\":\"" + anon + "-ab\",\"shopperKey\":\"" + anon + "\",\"anonymousId\":\""
                        + anon + "\",\"cartId\":\"" + anon + "-cart\",\"stageReached\":\"cart\",\"reason\":\"" + reason
                        + "\",\"evidence\":[],\"cartValue\":66.48,\"currency\":\"USD\",\"lines\":" + cart
                        + ",\"lastActivityAt\":\"" + t + "\",\"abandonedAt\":\"" + t.plus(Duration.ofMinutes(30)) + "\"}";
                producer.send(new ProducerRecord<>("cdp.checkouts-abandoned.v1", anon, abandoned));
            }
            producer.flush();
        }
        System.out.printf("loaded %d profiles + abandonments in %.1f s%n", n, (System.nanoTime() - loadStart) / 1e9);

        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "postgres")) {
            long enrolStart = System.nanoTime();
            while (count(db, "select count(*) from enrollment where campaign_id = '" + campaignId + "'") < n) {
                if (System.nanoTime() - enrolStart > 600e9) {
                    throw new IllegalStateException("not all carts enrolled after 10 min");
                }
                Thread.sleep(200);
            }
            while (count(db, "select count(*) from profile where profile_id like '" + reason + "-%'") < n) {
                Thread.sleep(200);
            }
            System.out.printf("all %d carts enrolled and profiles stored %.1f s after loading started%n", n,
                    (System.nanoTime() - loadStart) / 1e9);

            Instant due = t.plus(Duration.ofHours(1));
            double cpuBefore = cpuSeconds(servicePid);
            double[] loadBefore = load();
            Instant moved = Instant.now();
            HttpResponse<String> adv = http.send(HttpRequest.newBuilder(URI.create(base + "/admin/watermark"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventTime\":\"" + due + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (adv.statusCode() != 200) {
                throw new IllegalStateException("watermark: " + adv.statusCode() + " " + adv.body());
            }
            String sentQ = "select count(*) from send where campaign_id = '" + campaignId + "' and state = 'SENT'";
            long start = System.nanoTime();
            while (count(db, sentQ) < n) {
                if (System.nanoTime() - start > 900e9) {
                    throw new IllegalStateException("not all sent after 15 min: " + count(db, sentQ));
                }
                Thread.sleep(100);
            }
            double cpu = cpuSeconds(servicePid) - cpuBefore;
            double[] loadAfter = load();
            List<Long> lags = new ArrayList<>();
            Instant last = moved;
            try (ResultSet rs = db.createStatement().executeQuery(
                    "select sent_wall_at from send where campaign_id = '" + campaignId + "' and state = 'SENT'")) {
                while (rs.next()) {
                    Instant sent = rs.getTimestamp(1).toInstant();
                    lags.add(Duration.between(moved, sent).toMillis());
                    if (sent.isAfter(last)) {
                        last = sent;
                    }
                }
            }
            lags.sort(null);
            double seconds = Duration.between(moved, last).toMillis() / 1000.0;
            long other = count(db, "select count(*) from send where campaign_id = '" + campaignId + "' and state <> 'SENT'");
            System.out.printf("burst of %d due sends: last SENT %.2f s after they became due -> %.0f emails/s"
                    + " (rendered + SMTP + recorded)%n", n, seconds, n / seconds);
            System.out.printf("due-time lag (sent - due): p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s; not sent: %d%n",
                    pct(lags, 50), pct(lags, 95), pct(lags, 99), lags.get(lags.size() - 1) / 1000.0, other);
            if (servicePid > 0) {
                System.out.printf("campaign-service CPU during the burst: %.1f s -> %.0f emails per CPU-second of the service%n",
                        cpu, n / cpu);
            }
            System.out.printf("machine load average (1 min) before/after the burst: %.1f / %.1f on %d cores%n",
                    loadBefore[0], loadAfter[0], Runtime.getRuntime().availableProcessors());
        }
    }

    static double cpuSeconds(long pid) throws Exception {
        if (pid <= 0) {
            return 0;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
    }

    static double[] load() throws Exception {
        String[] f = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
        return new double[] {Double.parseDouble(f[0])};
    }

    static double pct(List<Long> sorted, int p) {
        int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, idx)) / 1000.0;
    }

    static long count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String line(String id, String name, String price, int qty) {
        return "{\"productId\":\"" + id + "\",\"name\":\"" + name + "\",\"price\":" + price + ",\"quantity\":" + qty
                + ",\"url\":\"https://shop.example.com/p/" + id + "\",\"imageUrl\":\"https://cdn.example.com/" + id + ".jpg\"}";
    }

    static String viewed(String id, String name, String price, Instant at) {
        return "{\"productId\":\"" + id + "\",\"name\":\"" + name + "\",\"price\":" + price + ",\"currency\":\"USD\","
                + "\"url\":\"https://shop.example.com/p/" + id + "\",\"viewedAt\":\"" + at + "\"}";
    }
}
