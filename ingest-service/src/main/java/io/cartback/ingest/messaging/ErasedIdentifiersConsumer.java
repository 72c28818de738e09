package io.cartback.ingest.messaging;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.cartback.contracts.Topics;
import io.cartback.ingest.domain.ErasedSet;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The one consumer of cdp.erased-identifiers.v1: reads the whole compacted topic into an {@link ErasedSet} at
 * start (every replica, no consumer group, nothing committed) and then follows it. {@link #loaded()} completes once
 * the records that were on the topic at start are in the set; before that ingest does not publish (a restarted
 * replica must not let an erased person's calls through) and readiness is down.
 *
 * <p>A plain {@link KafkaConsumer} on its own thread rather than a messaging channel: every replica must read every
 * partition from the beginning and know when it has caught up, which is what assign + endOffsets give.
 */
@ApplicationScoped
public class ErasedIdentifiersConsumer {
    private static final Logger LOG = Logger.getLogger(ErasedIdentifiersConsumer.class);
    private static final Duration PARTITION_RECHECK = Duration.ofMinutes(1);
    private final String bootstrapServers;
    private final ErasedSet set = new ErasedSet();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ErasedIdentifiersConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                                     MeterRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        registry.gauge("cdp_ingest_erased_identifiers", set, ErasedSet::size);
        registry.gauge("cdp_ingest_erased_identifiers_table_bytes", set, ErasedSet::tableBytes);
    }

    public ErasedSet set() {
        return set;
    }

    /** Completes once the set holds everything that was on the topic when this replica started. */
    public CompletableFuture<Void> loaded() {
        return loaded;
    }

    void start(@Observes StartupEvent ev) {
        thread = new Thread(this::run, "erased-identifiers-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties(), new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                return; // shutting down
            } catch (RuntimeException e) {
                LOG.warnf("reading %s failed, reconnecting in 5 s: %s", Topics.ERASED_IDENTIFIERS, e.toString());
                pause(5000);
            }
        }
    }

    private void follow(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = partitions(c);
        while (running && partitions.isEmpty()) {
            LOG.warnf("topic %s not found yet; ingest stays not ready until it exists", Topics.ERASED_IDENTIFIERS);
            pause(2000);
            partitions = partitions(c);
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = c.endOffsets(partitions);
        long recheckAt = System.nanoTime() + PARTITION_RECHECK.toNanos();
        while (running) {
            for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                apply(r);
            }
            if (!loaded.isDone() && partitions.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
                loaded.complete(null);
                LOG.infof("loaded %d erased identifiers from %s", set.size(), Topics.ERASED_IDENTIFIERS);
            }
            if (System.nanoTime() > recheckAt) {
                recheckAt = System.nanoTime() + PARTITION_RECHECK.toNanos();
                if (partitions(c).size() != partitions.size()) {
                    return; // partitions were added: start over (adding to the set again is harmless)
                }
            }
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null) {
            // a tombstone would mean "no longer erased", which the suite never publishes: keep blocking
            return;
        }
        try {
            set.add(r.key());
        } catch (IllegalArgumentException e) {
            LOG.warnf("skipping a record of %s whose key is not a keyed hash (offset %d)", r.topic(), r.offset());
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        return c.partitionsFor(Topics.ERASED_IDENTIFIERS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-erased-identifiers");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
