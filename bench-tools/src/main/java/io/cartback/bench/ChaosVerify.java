package io.cartback.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Checks what {@link StorefrontLoad} left behind: every acknowledged messageId must be on {@code cdp.events.v1}
 * and applied by profile-service ({@code processed_message}) and funnel-service ({@code shopper_event}), each
 * exactly once (both tables are keyed by messageId; copies on the topic, from client retries after an ambiguous
 * timeout, are counted). Waits up to {@code waitSeconds} for the consumers to catch up. Prints {@code VERIFY ...}
 * and exits 1 when an acknowledged event is missing anywhere.
 *
 * <p>Args: loadOutDir bootstrapServers profileJdbcUrl funnelJdbcUrl dbUser dbPassword [waitSeconds=180]
 */
public final class ChaosVerify {
    private static final Pattern MESSAGE_ID = Pattern.compile("\"messageId\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        List<String> offered = Files.readAllLines(dir.resolve("offered.txt"));
        Set<String> acked = new HashSet<>(Files.readAllLines(dir.resolve("acked.txt")));
        Set<String> offeredSet = new HashSet<>(offered);
        String prefix = offered.get(0).substring(0, offered.get(0).lastIndexOf('-') + 1);
        long waitUntil = System.nanoTime() + Duration.ofSeconds(args.length > 6 ? Long.parseLong(args[6]) : 180).toNanos();

        Map<String, Integer> onTopic = topicCopies(args[1], prefix);
        Set<String> profile;
        Set<String> funnel;
        while (true) {
            profile = applied(args[2], args[4], args[5], "select message_id from processed_message where message_id like ?", prefix);
            funnel = applied(args[3], args[4], args[5], "select message_id from shopper_event where message_id like ?", prefix);
            if ((profile.containsAll(onTopic.keySet()) && funnel.containsAll(onTopic.keySet())) || System.nanoTime() > waitUntil) {
                break;
            }
            Thread.sleep(2000);
        }
        long missingOnTopic = acked.stream().filter(id -> !onTopic.containsKey(id)).count();
        long extraCopies = onTopic.values().stream().mapToLong(c -> c - 1).sum();
        long duplicatedIds = onTopic.values().stream().filter(c -> c > 1).count();
        long storedNotAcked = onTopic.keySet().stream().filter(id -> !acked.contains(id)).count();
        long foreign = onTopic.keySet().stream().filter(id -> !offeredSet.contains(id)).count();
        Set<String> p = profile;
        Set<String> f = funnel;
        long missingProfile = acked.stream().filter(id -> !p.contains(id)).count();
        long missingFunnel = acked.stream().filter(id -> !f.contains(id)).count();
        System.out.printf("VERIFY offered=%d acked=%d on_topic=%d acked_missing_on_topic=%d topic_extra_copies=%d"
                        + " (ids_with_copies=%d) stored_not_acked=%d unknown_ids=%d profile_applied=%d acked_missing_in_profile=%d"
                        + " funnel_applied=%d acked_missing_in_funnel=%d%n",
                offered.size(), acked.size(), onTopic.size(), missingOnTopic, extraCopies, duplicatedIds, storedNotAcked,
                foreign, profile.size(), missingProfile, funnel.size(), missingFunnel);
        if (missingOnTopic > 0 || missingProfile > 0 || missingFunnel > 0 || foreign > 0) {
            System.out.println("examples missing: " + acked.stream()
                    .filter(id -> !onTopic.containsKey(id) || !p.contains(id) || !f.contains(id)).limit(5)
                    .collect(Collectors.toList()));
            System.exit(1);
        }
    }

    static Map<String, Integer> topicCopies(String bootstrap, String prefix) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<String, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("cdp.events.v1").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() == null) {
                        continue;
                    }
                    Matcher m = MESSAGE_ID.matcher(r.value());
                    if (m.find() && m.group(1).startsWith(prefix)) {
                        copies.merge(m.group(1), 1, Integer::sum);
                    }
                }
            }
        }
        return copies;
    }

    static Set<String> applied(String jdbcUrl, String user, String password, String sql, String prefix) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, prefix + "%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private ChaosVerify() {
    }
}
