import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Reads the state of a local stack for the fault scenarios under chaos/ (run as a single-file program with
 * dev-infra's libraries on the class path; see chaos/lib.sh). Every output is one line per item, so the caller
 * sorts and compares runs with sort/comm.
 *
 * <pre>
 *   topic BOOTSTRAP TOPIC [FIELD]   every record of the topic, from the beginning to the current end: the JSON
 *                                   value with its fields sorted (or only FIELD of it); a tombstone prints "null"
 *   profiles JDBC_URL USER PASSWORD one line per live profile: its identifiers, then its document with every
 *                                   profile id replaced by the identifiers of that profile (ids are random per
 *                                   run); its {@code version} (one step per consumed batch that changed it, so
 *                                   it depends on how events were batched) is left out
 *   json FILE PATH                  the value at a dotted path of a JSON file ("" when absent); an object or
 *                                   array prints with its fields sorted
 * </pre>
 */
public final class ChaosProbe {
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public static void main(String[] args) throws Exception {
        switch (args.length == 0 ? "" : args[0]) {
            case "topic" -> topic(args[1], args[2], args.length > 3 ? args[3] : null);
            case "profiles" -> profiles(args[1], args[2], args[3]);
            case "json" -> System.out.println(at(JSON.readTree(new java.io.File(args[1])), args[2]));
            default -> {
                System.err.println("usage: ChaosProbe topic BOOTSTRAP TOPIC [FIELD] | profiles JDBC_URL USER PASSWORD | json FILE PATH");
                System.exit(2);
            }
        }
    }

    static void topic(String bootstrap, String topic, String field) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(20));
            for (PartitionInfo i : infos) {
                parts.add(new TopicPartition(topic, i.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, Duration.ofSeconds(20)));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            StringBuilder out = new StringBuilder();
            while (!end.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " took over 3 minutes; left: " + end);
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    out.append(line(r.value(), field)).append('\n');
                }
                for (Iterator<Map.Entry<TopicPartition, Long>> it = end.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<TopicPartition, Long> e = it.next();
                    if (c.position(e.getKey()) >= e.getValue()) {
                        it.remove();
                    }
                }
            }
            System.out.print(out);
        }
    }

    static String line(String value, String field) throws Exception {
        if (value == null) {
            return "null";
        }
        JsonNode n = JSON.readTree(value);
        if (field != null) {
            JsonNode v = n.get(field);
            return v == null ? "" : v.isTextual() ? v.asText() : v.toString();
        }
        return JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
    }

    static void profiles(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            Map<String, TreeSet<String>> ids = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select profile_id, key from identifier")) {
                while (rs.next()) {
                    ids.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            Map<String, String> label = new HashMap<>();
            ids.forEach((profile, keys) -> label.put(profile, "<" + String.join(",", keys) + ">"));
            // a merged-away profile answers for its survivor: label it by the survivor's identifiers
            Map<String, String> mergedInto = new HashMap<>();
            try (ResultSet rs = s.executeQuery("select id, merged_into from profile where merged_into is not null")) {
                while (rs.next()) {
                    mergedInto.put(rs.getString(1), rs.getString(2));
                }
            }
            mergedInto.forEach((from, to) -> label.put(from, "<merged into " + label.getOrDefault(to, "?") + ">"));
            TreeMap<String, Integer> lines = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("select id, doc from profile where merged_into is null and erased_at is null")) {
                while (rs.next()) {
                    JsonNode doc = rs.getString(2) == null ? null : JSON.readTree(rs.getString(2));
                    if (doc instanceof ObjectNode o) {
                        o.remove("version");
                    }
                    String text = JSON.writeValueAsString(doc == null ? null : JSON.treeToValue(relabel(doc, label), Object.class));
                    lines.merge(label.getOrDefault(rs.getString(1), "<no identifiers>") + "\t" + text, 1, Integer::sum);
                }
            }
            StringBuilder out = new StringBuilder();
            lines.forEach((l, n) -> {
                for (int i = 0; i < n; i++) {
                    out.append(l).append('\n');
                }
            });
            System.out.print(out);
        }
    }

    static String at(JsonNode n, String path) throws Exception {
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.isArray() && part.matches("\\d+") ? n.get(Integer.parseInt(part)) : n.get(part);
        }
        if (n == null || n.isNull()) {
            return "";
        }
        return n.isValueNode() ? n.asText() : JSON.writeValueAsString(JSON.treeToValue(n, Object.class));
    }

    /** Replaces every string that is a profile id by its label, recursively. */
    static JsonNode relabel(JsonNode n, Map<String, String> label) {
        if (n.isTextual()) {
            String l = label.get(n.asText());
            return l == null ? n : TextNode.valueOf(l);
        }
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                o.set(name, relabel(o.get(name), label));
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) n).set(i, relabel(n.get(i), label));
            }
        }
        return n;
    }
}
