package io.cartback.devinfra;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: one real KRaft broker per test JVM, shared by every test class (starting it takes
 * ~3 s), with the suite's topics created. Tests that stop the broker use {@link #broker()} and restart it.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    private static EmbeddedKafka shared;

    public static synchronized EmbeddedKafka broker() {
        if (shared == null) {
            shared = EmbeddedKafka.startInTempDir();
            shared.createTopics(TopicSpec.all());
            EmbeddedKafka broker = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "embedded-kafka-stop"));
        }
        return shared;
    }

    @Override
    public Map<String, String> start() {
        EmbeddedKafka kafka = broker();
        kafka.start();
        return Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public void stop() {
        // shared across test classes; stopped by the JVM shutdown hook
    }
}
