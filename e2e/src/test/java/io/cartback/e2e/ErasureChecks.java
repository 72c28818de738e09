package io.cartback.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import io.cartback.contracts.Topics;
import io.cartback.devinfra.PersonalDataSweep;

/** What the GDPR check of {@link SuiteEndToEndIT} needs from the running stack: consumer lag, the sweep, mail. */
final class ErasureChecks {
    /** Every consumer group of the suite and the topics it reads (from the services' configuration). */
    static final Map<String, List<String>> GROUPS = Map.of(
            "profile-service", List.of(Topics.EVENTS),
            "funnel-service", List.of(Topics.EVENTS, Topics.IDENTITY_MERGES, Topics.PROFILES),
            "campaign-service", List.of(Topics.EVENTS, Topics.CHECKOUTS_ABANDONED, Topics.CHECKOUTS_RECOVERED,
                    Topics.PROFILES));
    static final List<String> DATABASES = List.of("ingest", "profile", "funnel", "campaign");

    private ErasureChecks() {
    }

    /** Waits until every group has committed the end of every partition it reads; throws after {@code max}. */
    static void awaitConsumersCaughtUp(Duration max) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Stack.infraValue("KAFKA_BOOTSTRAP_SERVERS"));
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + max.toNanos();
            long lag;
            do {
                lag = 0;
                for (Map.Entry<String, List<String>> g : GROUPS.entrySet()) {
                    lag += lag(admin, g.getKey(), g.getValue());
                }
                if (lag == 0) {
                    return;
                }
                Thread.sleep(500);
            } while (System.nanoTime() < deadline);
            throw new AssertionError("consumers still " + lag + " records behind after " + max);
        }
    }

    private static long lag(Admin admin, String group, List<String> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap(d -> d.partitions().stream().map(i -> new TopicPartition(d.name(), i.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
        }
        return lag;
    }

    /** Every place in the four services' databases that holds one of {@code needles}. */
    static List<PersonalDataSweep.Hit> sweepAllDatabases(Set<String> needles) throws Exception {
        List<PersonalDataSweep.Hit> hits = new ArrayList<>();
        for (String db : DATABASES) {
            String url = Stack.infraValue("CDP_DB_" + db.toUpperCase() + "_JDBC_URL");
            for (PersonalDataSweep.Hit h : PersonalDataSweep.sweep(url, Stack.infraValue("CDP_DB_USER"),
                    Stack.infraValue("CDP_DB_PASSWORD"), needles)) {
                hits.add(new PersonalDataSweep.Hit(db + "." + h.table(), h.column(), h.needle(), h.value()));
            }
        }
        return hits;
    }

    /** How many mails the stack's SMTP sink received for {@code address} (all of them, not only the demo's). */
    static long mailsTo(String address) throws IOException {
        Path dir = Stack.STATE.resolve("mail");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".eml")).filter(f -> {
                try {
                    return Files.readString(f).contains(address);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
        }
    }
}
