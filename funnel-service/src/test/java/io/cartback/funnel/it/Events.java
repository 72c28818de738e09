package io.cartback.funnel.it;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.TrackedEvent;
import io.cartback.devinfra.KafkaTestResource;

/** Sends TrackedEvent JSON to the real broker, as ingest-service does. */
final class Events implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final KafkaProducer<String, String> producer;

    Events() {
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaTestResource.broker().bootstrapServers());
        p.put("acks", "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    void send(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value == null ? null : JSON.writeValueAsString(value))).get();
    }

    static TrackedEvent track(String anon, String userId, String at, String event, Commerce c) {
        Map<String, Object> ctx = new HashMap<>();
        ctx.put("device", Map.of("type", "mobile"));
        ctx.put("campaign", Map.of("source", "newsletter"));
        return new TrackedEvent(UUID.randomUUID().toString(), "track", event, null, userId, anon, null, null,
                anon != null ? anon : userId, Instant.parse(at), Instant.parse(at), null, Instant.parse(at), "src1",
                c, Map.of(), null, ctx);
    }

    static Commerce product(String sku, String price, long qty) {
        return new Commerce(null, null, null, null, null, null, null, null, null, null, null, null, null, "USD",
                List.of(line(sku, price, qty)));
    }

    static Commerce step(String name, List<ProductLine> lines) {
        return new Commerce("cart-1", "co-1", null, null, name, null, null, null, null, null, null, null, null, "USD", lines);
    }

    static Commerce order(String orderId, String revenue) {
        return new Commerce(null, null, orderId, null, null, null, new BigDecimal(revenue), null, null, null, null,
                null, null, "USD", List.of());
    }

    static ProductLine line(String sku, String price, long qty) {
        return new ProductLine(sku, sku, "Product " + sku, null, null, null, new BigDecimal(price), qty, null, null);
    }

    @Override
    public void close() {
        producer.close();
    }
}
