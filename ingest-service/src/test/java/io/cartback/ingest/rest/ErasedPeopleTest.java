package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.cartback.contracts.Topics;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.EventsTopic;
import io.cartback.ingest.TestSources;
import io.cartback.ingest.messaging.ErasedIdentifiersConsumer;
import io.cartback.kit.erasure.ErasureHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * GDPR: once profile-service has published an erased person's identifiers (keyed hashes on
 * cdp.erased-identifiers.v1), none of their later calls reaches cdp.events.v1, whichever identifier names them,
 * while everyone else's calls in the same batch do; the answer does not tell the caller who was erased.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class ErasedPeopleTest {
    static final ErasureHash HASH = new ErasureHash("test-erasure-key-000000000000000000");

    @Inject
    ErasedIdentifiersConsumer erasedList;

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    /** What profile-service publishes on erasure (ErasedIdentifierRelay), done here with a plain producer. */
    static void publishErased(List<String> erasureKeys) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (String key : erasureKeys) {
                String h = HASH.hash(key);
                producer.send(new ProducerRecord<>(Topics.ERASED_IDENTIFIERS, h,
                        "{\"keyHash\":\"" + h + "\",\"erasedAt\":\"2026-12-01T10:00:00Z\"}")).get();
            }
        }
    }

    @Test
    void noLaterCallOfAnErasedPersonIsPublishedWhateverIdentifierNamesThemAndOthersAre() throws Exception {
        TestSources.Created source = TestSources.create("storefront " + UUID.randomUUID());
        String anon = id("anon");
        String user = id("user");
        String device = id("device");
        String email = id("Erased.Person") + "@Shop.Example";
        publishErased(List.of(ErasureHash.anonymousId(anon), ErasureHash.userId(user), ErasureHash.deviceId(device),
                ErasureHash.email(email)));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                erasedList.set().contains(HASH.hash(ErasureHash.email(email))));

        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            dropped.add(id("dropped"));
        }
        String kept = id("kept");
        String body = "{\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"" + dropped.get(0) + "\",\"anonymousId\":\"" + anon + "\",\"event\":\"Product Added\",\"properties\":{\"product_id\":\"p1\",\"price\":\"9.50\"}},"
                + "{\"type\":\"identify\",\"messageId\":\"" + dropped.get(1) + "\",\"userId\":\"" + id("new-user") + "\",\"traits\":{\"email\":\" " + email.toUpperCase() + "\"}},"
                + "{\"type\":\"page\",\"messageId\":\"" + dropped.get(2) + "\",\"anonymousId\":\"" + id("fresh") + "\",\"context\":{\"traits\":{\"email\":\"" + email.toLowerCase() + "\"}}},"
                + "{\"type\":\"track\",\"messageId\":\"" + dropped.get(3) + "\",\"anonymousId\":\"" + id("fresh") + "\",\"event\":\"Cart Viewed\",\"context\":{\"device\":{\"id\":\"" + device + "\"}}},"
                + "{\"type\":\"alias\",\"messageId\":\"" + dropped.get(4) + "\",\"previousId\":\"" + user + "\",\"userId\":\"" + id("renamed") + "\"},"
                + "{\"type\":\"track\",\"messageId\":\"" + dropped.get(5) + "\",\"userId\":\"" + user + "\",\"event\":\"Checkout Started\"},"
                + "{\"type\":\"track\",\"messageId\":\"" + kept + "\",\"anonymousId\":\"" + id("someone-else") + "\",\"event\":\"Product Viewed\"}]}";
        // the same answer as for any stored batch: a caller with the (public) write key learns nothing
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(body)
                .when().post("/v1/batch").then().statusCode(200).body(equalTo("{\"success\":true}"));
        String single = id("dropped-single");
        dropped.add(single);
        given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                .body("{\"messageId\":\"" + single + "\",\"anonymousId\":\"" + anon + "\",\"event\":\"Product Viewed\"}")
                .when().post("/v1/track").then().statusCode(200).body(equalTo("{\"success\":true}"));

        List<String> all = new ArrayList<>(dropped);
        all.add(kept);
        List<EventsTopic.Event> onTopic = EventsTopic.find(all, 1, Duration.ofSeconds(20));
        assertEquals(List.of(kept), onTopic.stream().map(e -> e.value().path("messageId").asText()).toList(),
                "only the call of someone not erased is published");
        assertEquals(0, seenMessages(dropped), "dropped calls leave nothing behind in the dedupe window either");
        assertEquals(1, seenMessages(List.of(kept)));
        assertTrue(droppedMetric() >= dropped.size(), "counted in cdp_ingest_events_dropped_total{reason=erased}");
    }

    static int seenMessages(List<String> ids) throws Exception {
        Config config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             PreparedStatement ps = c.prepareStatement("select count(*) from seen_message where message_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static double droppedMetric() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^cdp_ingest_events_dropped_total\\{[^}]*reason=\"erased\"[^}]*} (\\S+)$")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
