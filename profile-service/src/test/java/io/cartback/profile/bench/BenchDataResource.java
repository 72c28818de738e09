package io.cartback.profile.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cartback.contracts.Topics;
import io.cartback.devinfra.KafkaTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Fills cdp.events.v1 with {@code bench.events} events mapped from ../shared/data before the service starts,
 * so the benchmark measures draining a pre-filled topic.
 */
public class BenchDataResource implements QuarkusTestResourceLifecycleManager {
    static volatile int produced;
    static volatile long fillMillis;

    @Override
    public Map<String, String> start() {
        int limit = Integer.getInteger("bench.events", 300_000);
        String bootstrap = KafkaTestResource.broker().bootstrapServers();
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            Path data = GaEvents.locateData();
            produced = GaEvents.read(data, limit, e -> {
                try {
                    producer.send(new ProducerRecord<>(Topics.EVENTS, e.shopperKey(), json.writeValueAsBytes(e)),
                            (md, ex) -> {
                                if (ex != null) {
                                    failure.compareAndSet(null, ex);
                                }
                            });
                } catch (Exception ex) {
                    failure.compareAndSet(null, ex);
                }
            });
            producer.flush();
        } catch (Exception e) {
            throw new IllegalStateException("filling the benchmark topic failed", e);
        }
        if (failure.get() != null) {
            throw new IllegalStateException("filling the benchmark topic failed", failure.get());
        }
        fillMillis = (System.nanoTime() - start) / 1_000_000;
        return Map.of();
    }

    @Override
    public void stop() {
    }
}
