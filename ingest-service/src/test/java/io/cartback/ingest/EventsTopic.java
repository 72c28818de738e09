package io.cartback.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.Topics;
import io.cartback.devinfra.KafkaTestResource;

/** Reads cdp.events.v1 from the real test broker, from the beginning, and finds records by messageId. */
public final class EventsTopic {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Event(String key, JsonNode value) {
    }

    private EventsTopic() {
    }

    /** Every record on the topic whose messageId is one of {@code ids}, after waiting for {@code expected} of them. */
    public static List<Event> find(Collection<String> ids, int expected, Duration wait) {
        return findWhere(v -> ids.contains(v.path("messageId").asText()), expected, wait);
    }

    /** Every record matching, after waiting for {@code expected} of them and reading to the end of the topic. */
    public static List<Event> findWhere(java.util.function.Predicate<JsonNode> match, int expected, Duration wait) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Event> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.EVENTS);
            List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(p.topic(), p.partition()))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps);
            Instant deadline = Instant.now().plus(wait);
            boolean caughtUp = false;
            while (Instant.now().isBefore(deadline) && (found.size() < expected || !caughtUp)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode value = MAPPER.readTree(r.value());
                    if (match.test(value)) {
                        found.add(new Event(r.key(), value));
                    }
                }
                caughtUp = found.size() >= expected && tps.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return found;
    }
}
