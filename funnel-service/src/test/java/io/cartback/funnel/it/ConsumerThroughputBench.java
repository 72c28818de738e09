package io.cartback.funnel.it;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.Topics;
import io.cartback.contracts.TrackedEvent;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.funnel.oracle.GaShopperEvents;
import io.cartback.importer.SegmentCall;
import io.cartback.importer.ga.GaCsvReader;
import io.cartback.importer.ga.GaEventMapper;
import io.cartback.importer.ga.GaHits;
import io.cartback.importer.ga.GaOrderBook;
import io.cartback.importer.ga.GaWindow;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Not a test: bench/funnel-consume.sh runs it (-Dfunnel.bench.days=N) to measure how fast the consumer applies
 * real GA events (importer mapping, TrackedEvent JSON as ingest writes it) on a real broker and PostgreSQL.
 * Prints events/s; asserts nothing about time.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "funnel"))
@EnabledIfSystemProperty(named = "funnel.bench.days", matches = "\\d+")
class ConsumerThroughputBench {

    @Test
    void consumeRealGaEvents() throws Exception {
        int days = Integer.getInteger("funnel.bench.days");
        Path file = GaShopperEvents.file();
        LocalDate from = LocalDate.of(2016, 8, 1);
        GaWindow window = GaWindow.days(from, from.plusDays(days - 1L), GaWindow.STORE_ZONE);
        GaOrderBook book = new GaOrderBook();
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            new GaHits(window.filter(reader)).forEachRemaining(book::add);
        }
        GaEventMapper mapper = new GaEventMapper(book);
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        Instant last = null;
        try (GaCsvReader reader = GaCsvReader.open(file)) {
            GaHits hits = new GaHits(window.filter(reader));
            while (hits.hasNext()) {
                for (SegmentCall c : mapper.map(hits.next())) {
                    records.add(new ProducerRecord<>(Topics.EVENTS, c.shopperKey(), Events.JSON.writeValueAsString(tracked(c))));
                    last = c.timestamp();
                }
            }
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", KafkaTestResource.broker().bootstrapServers());
        p.put("linger.ms", "20");
        p.put("batch.size", "262144");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(r);
            }
        }
        double produced = (System.nanoTime() - start) / 1e9;
        String lastIso = last.toString();
        while (true) {
            String max = given().header("Authorization", FunnelServiceTest.ADMIN).get("/admin/watermark").then()
                    .extract().jsonPath().getString("maxEventTime");
            if (max != null && Instant.parse(max).compareTo(Instant.parse(lastIso)) >= 0) {
                break;
            }
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "FUNNEL-CONSUME days=%d events=%,d produced in %.1f s, applied in %.1f s = %,.0f events/s%n",
                days, records.size(), produced, seconds, records.size() / seconds);
    }

    static TrackedEvent tracked(SegmentCall c) {
        Map<String, Object> props = c.properties() == null ? Map.of() : c.properties();
        Commerce commerce = null;
        if ("track".equals(c.type())) {
            List<ProductLine> lines = new ArrayList<>();
            if (props.get("products") instanceof List<?> ps) {
                for (Object o : ps) {
                    lines.add(line((Map<?, ?>) o));
                }
            } else if (props.containsKey("sku")) {
                lines.add(line(props));
            }
            commerce = new Commerce(null, (String) props.get("checkout_id"), (String) props.get("order_id"),
                    props.get("step") instanceof Number n ? n.intValue() : null, (String) props.get("step_name"),
                    dec(props.get("value")), dec(props.get("revenue")), dec(props.get("total")), null, null, null,
                    null, null, (String) props.get("currency"), lines);
        }
        return new TrackedEvent(c.messageId(), c.type(), c.event(), c.name(), c.userId(), c.anonymousId(), null, null,
                c.shopperKey(), c.timestamp(), c.timestamp(), null, c.timestamp(), "bench", commerce, props,
                c.traits(), c.context());
    }

    private static ProductLine line(Map<?, ?> m) {
        return new ProductLine((String) m.get("product_id"), (String) m.get("sku"), (String) m.get("name"),
                (String) m.get("category"), null, (String) m.get("variant"), dec(m.get("price")),
                m.get("quantity") instanceof Number n ? n.longValue() : null, null, null);
    }

    private static BigDecimal dec(Object o) {
        return o instanceof BigDecimal b ? b : o instanceof Number n ? new BigDecimal(n.toString()) : null;
    }
}
