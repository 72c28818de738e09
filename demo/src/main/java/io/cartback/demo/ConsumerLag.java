package io.cartback.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * "Have the services read everything?": committed offsets of each consumer group against the end of the
 * partitions assigned to it. The services commit only after their database write, so zero lag means applied.
 */
final class ConsumerLag implements AutoCloseable {
    /** Progress redraws in place on a terminal and prints a line every 10 s into a log. */
    static final boolean TTY = System.console() != null;
    private final Admin admin;

    ConsumerLag(String bootstrap) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap, "request.timeout.ms", "10000"));
    }

    /** Total lag of the group over the partitions of the given topics; partitions never committed count in full. */
    long lag(String group, Collection<String> topics) throws InterruptedException {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Set<TopicPartition> partitions = admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                    .collect(Collectors.toSet());
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                    partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                    .all().get();
            long lag = 0;
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                lag += Math.max(0, ends.get(tp).offset() - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException e) {
            throw new IllegalStateException("reading consumer lag of " + group + " failed: " + e.getCause(), e);
        }
    }

    boolean hasMembers(String group) throws InterruptedException {
        try {
            ConsumerGroupDescription d = admin.describeConsumerGroups(Set.of(group)).all().get().get(group);
            return d != null && !d.members().isEmpty();
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Waits until every group has zero lag on its topics (three readings in a row), printing progress. */
    void awaitCaughtUp(Map<String, Collection<String>> groups, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        int zeroReadings = 0;
        long lastPrint = 0;
        Map<String, Long> last = new HashMap<>();
        while (zeroReadings < 3) {
            long total = 0;
            for (Map.Entry<String, Collection<String>> g : groups.entrySet()) {
                long lag = lag(g.getKey(), g.getValue());
                last.put(g.getKey(), lag);
                total += lag;
            }
            zeroReadings = total == 0 ? zeroReadings + 1 : 0;
            if (total > 0 && (TTY || System.nanoTime() - lastPrint > 10_000_000_000L)) {
                System.err.printf(TTY ? "\r  waiting for consumers: %s          " : "  waiting for consumers: %s%n", last);
                lastPrint = System.nanoTime();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("consumers did not catch up within " + timeout + ": " + last);
            }
            Thread.sleep(500);
        }
        System.err.printf(TTY ? "\r  consumers caught up: %s%n" : "  consumers caught up: %s%n", last);
    }

    @Override
    public void close() {
        admin.close();
    }
}
