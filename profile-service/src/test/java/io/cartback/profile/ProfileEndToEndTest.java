package io.cartback.profile;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ErasedIdentifier;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.Topics;
import io.cartback.contracts.TrackedEvent;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PersonalDataSweep;
import io.cartback.devinfra.Postgres;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.kit.erasure.ErasureHash;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/** Real Kafka, real PostgreSQL: events in on cdp.events.v1, profiles out on REST and cdp.profiles.v1. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile"))
class ProfileEndToEndTest {
    static final String ADMIN = "Bearer test-admin-token-00000000000000";
    static final String MARKETER = "Bearer test-marketer-token-000000000000";
    static KafkaProducer<String, String> producer;

    @Inject
    ObjectMapper json;

    @BeforeAll
    static void producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
    }

    @AfterAll
    static void close() {
        producer.close();
    }

    static String bootstrap() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void send(TrackedEvent e) throws Exception {
        producer.send(new ProducerRecord<>(Topics.EVENTS, e.shopperKey(), json.writeValueAsString(e))).get();
    }

    static TrackedEvent track(String messageId, Instant at, String anon, String user, String event, Commerce commerce) {
        return new TrackedEvent(messageId, "track", event, null, user, anon, null, null, anon != null ? anon : user,
                at, at, null, at, "src-1", commerce, Map.of(), null,
                Map.of("device", Map.of("type", "mobile"), "timezone", "Europe/Berlin", "locale", "de-DE"));
    }

    static TrackedEvent identify(String messageId, Instant at, String anon, String user, Map<String, Object> traits) {
        return new TrackedEvent(messageId, "identify", null, null, user, anon, null, null, anon != null ? anon : user,
                at, at, null, at, "src-1", null, null, traits, Map.of());
    }

    static Commerce products(ProductLine... lines) {
        return new Commerce(null, null, null, null, null, null, null, null, null, null, null, null, null, "EUR",
                List.of(lines));
    }

    static ProductLine mug(long quantity) {
        return new ProductLine("mug-1", "SKU-MUG", "Cartback Mug", "Mugs", null, null, new BigDecimal("12.50"),
                quantity, "https://shop.example/mug", "https://shop.example/mug.png");
    }

    /** Polls a topic from the beginning until a record matches. */
    static ConsumerRecord<String, String> awaitRecord(String topic, Predicate<ConsumerRecord<String, String>> match) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, id("test"));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no matching record on " + topic);
    }

    JsonNode read(String value) {
        try {
            return json.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String awaitProfileId(String param, String value) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", ADMIN).queryParam(param, value).get("/profiles").statusCode() == 200);
        return given().header("Authorization", ADMIN).queryParam(param, value).get("/profiles")
                .then().statusCode(200).extract().path("profileId");
    }

    @Test
    void eventsOnKafkaBecomeAProfileOnRestAndASnapshotOnTheProfilesTopic() throws Exception {
        String anon = id("anon");
        String user = id("user");
        String email = user + "@Example.COM";
        Instant t0 = Instant.parse("2026-11-02T10:00:00Z");
        send(track(id("m"), t0, anon, null, "Product Viewed", products(mug(1))));
        send(track(id("m"), t0.plusSeconds(10), anon, null, "Product Added", products(mug(2))));
        send(identify(id("m"), t0.plusSeconds(20), anon, user,
                Map.of("email", email, "email_marketing_consent", true, "firstName", "Ann")));

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().header("Authorization", MARKETER).queryParam("userId", user).get("/profiles").statusCode() == 200);
        String profileId = given().header("Authorization", MARKETER).queryParam("userId", user).get("/profiles")
                .then().statusCode(200)
                .body("anonymousIds", hasItem(anon))
                .body("email", equalTo(user + "@example.com"))
                .body("consent.emailMarketing", equalTo(true))
                .body("traits.firstName", equalTo("Ann"))
                .body("cart[0].productId", equalTo("mug-1"))
                .body("cart[0].quantity", equalTo(2))
                .body("cartCurrency", equalTo("EUR"))
                .body("recentlyViewed[0].name", equalTo("Cartback Mug"))
                .body("facts.timezone", equalTo("Europe/Berlin"))
                .body("facts.deviceType", equalTo("mobile"))
                .extract().path("profileId");
        given().header("Authorization", ADMIN).queryParam("anonymousId", anon).get("/profiles")
                .then().statusCode(200).body("profileId", equalTo(profileId));
        given().header("Authorization", ADMIN).queryParam("email", user + "@EXAMPLE.com").get("/profiles")
                .then().statusCode(200).body("profileId", equalTo(profileId));
        given().header("Authorization", ADMIN).get("/profiles/" + profileId + "/cart")
                .then().statusCode(200).body("itemCount", equalTo(2)).body("subtotal", equalTo(25.0f));
        given().header("Authorization", ADMIN).get("/profiles/" + profileId + "/history")
                .then().statusCode(200).body("recentlyViewed[0].productId", equalTo("mug-1"));
        given().header("Authorization", ADMIN).get("/profiles/" + profileId + "/identity")
                .then().statusCode(200).body("identifiers.identifier", hasItem("userId:" + user));

        ConsumerRecord<String, String> snapshot = awaitRecord(Topics.PROFILES, r -> profileId.equals(r.key())
                && r.value() != null && read(r.value()).path("userIds").toString().contains(user)
                && read(r.value()).path("cart").size() == 1);
        JsonNode s = read(snapshot.value());
        assertEquals(2, s.path("cart").get(0).path("quantity").asInt());
        assertEquals(user + "@example.com", s.path("email").asText());
        assertTrue(s.path("version").asLong() >= 1);
    }

    @Test
    void aLoginOnASecondDeviceMergesTheGuestCartAndPublishesTheMerge() throws Exception {
        String laptop = id("laptop");
        String phone = id("phone");
        String user = id("user");
        Instant t0 = Instant.parse("2026-11-03T10:00:00Z");
        send(identify(id("m"), t0, laptop, user, Map.of()));
        // the laptop and the phone are on different partitions: wait for the user's profile so the phone's guest
        // profile is the one merged (consumed the other way round, the user's profile would merge into the guest's)
        awaitProfileId("userId", user);
        send(track(id("m"), t0.plusSeconds(5), phone, null, "Product Added", products(mug(1))));
        String guestProfile = awaitProfileId("anonymousId", phone);
        send(identify(id("m"), t0.plusSeconds(60), phone, user, Map.of()));

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                given().header("Authorization", ADMIN).queryParam("anonymousId", phone).get("/profiles")
                        .then().extract().path("userIds") instanceof List<?> l && l.contains(user));
        String survivor = awaitProfileId("userId", user);
        given().header("Authorization", ADMIN).get("/profiles/" + survivor + "/cart")
                .then().statusCode(200).body("lines[0].productId", equalTo("mug-1"));
        given().header("Authorization", ADMIN).get("/profiles/" + guestProfile)
                .then().statusCode(200).body("profileId", equalTo(survivor));
        given().header("Authorization", ADMIN).get("/profiles/" + survivor + "/identity")
                .then().statusCode(200).body("mergedProfileIds", hasItem(guestProfile))
                .body("history.kind", hasItem("merged"));

        // keyed by the profile the guest was merged into: the survivor, or one merged into it later (the order in
        // which the laptop's and the phone's partitions are consumed decides which profile survives)
        ConsumerRecord<String, String> merge = awaitRecord(Topics.IDENTITY_MERGES,
                r -> read(r.value()).path("mergedProfileIds").toString().contains(guestProfile));
        JsonNode m = read(merge.value());
        assertTrue(m.path("identifiers").toString().contains("anonymousId:" + phone));
        assertTrue(m.path("identifiers").toString().contains("userId:" + user));
        assertNotNull(awaitRecord(Topics.PROFILES, r -> guestProfile.equals(r.key()) && r.value() == null));
    }

    @Test
    void statsCountLiveMergedAwayProfilesAndMerges() throws Exception {
        JsonNode before = read(given().header("Authorization", ADMIN).get("/profiles/stats").then().statusCode(200)
                .extract().asString());
        String a = id("anon");
        String b = id("anon");
        String user = id("user");
        Instant t0 = Instant.parse("2026-11-05T10:00:00Z");
        send(track(id("m"), t0, a, null, "Product Viewed", products(mug(1))));
        send(track(id("m"), t0.plusSeconds(1), b, null, "Product Viewed", products(mug(1))));
        awaitProfileId("anonymousId", a);
        awaitProfileId("anonymousId", b);
        send(identify(id("m"), t0.plusSeconds(10), a, user, Map.of()));
        send(identify(id("m"), t0.plusSeconds(20), b, user, Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode now = read(given().header("Authorization", ADMIN).get("/profiles/stats").asString());
            return now.path("mergedAway").asLong() == before.path("mergedAway").asLong() + 1
                    && now.path("merges").asLong() >= before.path("merges").asLong() + 1;
        });
        JsonNode after = read(given().header("Authorization", ADMIN).get("/profiles/stats").asString());
        assertEquals(before.path("profiles").asLong() + 1, after.path("profiles").asLong(),
                "two anonymous profiles became one known profile");
        given().get("/profiles/stats").then().statusCode(401);
    }

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        String anon = id("anon");
        Instant t0 = Instant.parse("2026-11-04T10:00:00Z");
        TrackedEvent add = track(id("m"), t0, anon, null, "Product Added", products(mug(1)));
        send(add);
        send(add);
        send(track(id("m"), t0.plusSeconds(1), anon, null, "Product Viewed", products(mug(1))));
        String profileId = awaitProfileId("anonymousId", anon);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> given().header("Authorization", ADMIN)
                .get("/profiles/" + profileId).then().extract().path("recentlyViewed.size()").equals(1));
        given().header("Authorization", ADMIN).get("/profiles/" + profileId + "/cart")
                .then().statusCode(200).body("itemCount", equalTo(1));
    }

    @Test
    void eventsArrivingWhilePostgresIsDownAreAppliedWhenItIsBackWithoutARestart() throws Exception {
        Postgres pg = PostgresTestResource.server();
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(Postgres.URL_ENV) == null,
                "needs the embedded PostgreSQL (CDP_TEST_PG_URL points elsewhere)");
        String anon = id("anon");
        Instant t0 = Instant.parse("2026-11-05T10:00:00Z");
        pg.stop();
        try {
            send(track(id("m"), t0, anon, null, "Product Added", products(mug(3))));
            Thread.sleep(10_000); // longer than the batch retries (~5 s): the consumer used to fail-stop here
        } finally {
            pg.start();
        }
        send(track(id("m"), t0.plusSeconds(1), anon, null, "Product Viewed", products(mug(1))));
        String profileId = awaitProfileId("anonymousId", anon);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().header("Authorization", ADMIN)
                .get("/profiles/" + profileId + "/cart").then().extract().path("itemCount").equals(3));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                given().get("/q/health/ready").statusCode() == 200);
    }

    @Test
    void erasureLeavesNothingOfThePersonInAnyTableNorOnTheCompactedTopicAndLaterEventsDoNotProfileThemAgain()
            throws Exception {
        String laptop = id("laptop");
        String phone = id("phone");
        String device = id("device");
        String user = id("user");
        String email = user + "@shop.example";
        String firstName = id("Zelda");
        Instant t0 = Instant.parse("2026-11-05T10:00:00Z");
        send(track(id("m"), t0, phone, null, "Product Added", products(mug(1))));
        String guest = awaitProfileId("anonymousId", phone);
        send(new TrackedEvent(id("m"), "identify", null, null, user, laptop, null, null, laptop, t0.plusSeconds(10),
                t0.plusSeconds(10), null, t0.plusSeconds(10), "src-1", null, null,
                Map.of("email", email, "email_marketing_consent", true, "firstName", firstName),
                Map.of("device", Map.of("id", device))));
        String profileId = awaitProfileId("userId", user);
        send(identify(id("m"), t0.plusSeconds(20), phone, user, Map.of()));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> profileId.equals(given()
                .header("Authorization", ADMIN).queryParam("anonymousId", phone).get("/profiles").path("profileId")));
        awaitRecord(Topics.PROFILES, r -> profileId.equals(r.key()) && r.value() != null && r.value().contains(phone));
        List<String> person = List.of(email, user, laptop, phone, device, firstName);
        assertEquals(person.size(), sweepProfileDb(List.of(email, user, laptop, phone, device, firstName)).stream()
                .map(PersonalDataSweep.Hit::needle).distinct().count(), "the sweep finds the person before erasure");

        given().header("Authorization", MARKETER).delete("/profiles/" + profileId).then().statusCode(403);
        given().header("Authorization", ADMIN).delete("/profiles/" + profileId)
                .then().statusCode(200).body("identifiersRemoved", equalTo(5)).body("emailsSuppressed", equalTo(1));
        given().header("Authorization", ADMIN).get("/profiles/" + profileId)
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", ADMIN).get("/profiles/" + guest).then().statusCode(404);
        given().header("Authorization", ADMIN).queryParam("email", email).get("/profiles").then().statusCode(404);
        assertNotNull(awaitRecord(Topics.PROFILES, r -> profileId.equals(r.key()) && r.value() == null));
        assertEquals(List.of(), sweepProfileDb(person), "no table of the profile database holds the person");

        // later events that name any of their identifiers do not profile them again
        String later1 = id("m");
        String later2 = id("m");
        String later3 = id("m");
        send(track(later1, t0.plusSeconds(3600), phone, null, "Product Added", products(mug(3))));
        send(identify(later2, t0.plusSeconds(3601), id("anon"), id("user"),
                Map.of("email", email.toUpperCase(), "email_marketing_consent", true)));
        send(identify(later3, t0.plusSeconds(3602), id("anon"), user, Map.of("firstName", firstName)));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> processed(List.of(later1, later2, later3)) == 3);
        given().header("Authorization", ADMIN).queryParam("anonymousId", phone).get("/profiles").then().statusCode(404);
        given().header("Authorization", ADMIN).queryParam("email", email).get("/profiles").then().statusCode(404);
        given().header("Authorization", ADMIN).queryParam("userId", user).get("/profiles").then().statusCode(404);
        assertEquals(List.of(), sweepProfileDb(person), "later events put nothing of the person back");

        assertTheCompactedTopicKeepsNoSnapshotOf(List.of(profileId, guest), person);
    }

    @Test
    void erasurePublishesTheKeyedHashOfEveryIdentifierForIngestAndTheRelayPublishesWhatWasLeftPending()
            throws Exception {
        String anon = id("anon");
        String user = id("user");
        String device = id("device");
        String email = id("Mixed.Case") + "@Shop.Example";
        Instant t0 = Instant.parse("2026-11-06T10:00:00Z");
        send(new TrackedEvent(id("m"), "identify", null, null, user, anon, null, null, anon, t0, t0, null, t0, "src-1",
                null, null, Map.of("email", email), Map.of("device", Map.of("id", device))));
        String profileId = awaitProfileId("userId", user);
        given().header("Authorization", ADMIN).delete("/profiles/" + profileId).then().statusCode(200);

        // what ingest-service will compute from a raw call (ErasureHash is the code it uses)
        ErasureHash hash = new ErasureHash("test-erasure-key-000000000000000000");
        List<String> expected = List.of(hash.hash(ErasureHash.userId(user)), hash.hash(ErasureHash.anonymousId(anon)),
                hash.hash(ErasureHash.deviceId(device)), hash.hash(ErasureHash.email(email.toUpperCase())));
        for (String h : expected) {
            ConsumerRecord<String, String> r = awaitRecord(Topics.ERASED_IDENTIFIERS, rec -> h.equals(rec.key()));
            ErasedIdentifier value = json.readValue(r.value(), ErasedIdentifier.class);
            assertEquals(h, value.keyHash());
            assertNotNull(value.erasedAt());
        }
        for (String raw : List.of(anon, user, device, email.toLowerCase())) {
            assertTrue(readAll(Topics.ERASED_IDENTIFIERS).stream().noneMatch(r -> (r.key() + r.value()).toLowerCase()
                    .contains(raw.toLowerCase())), "the block list never holds an identifier in clear: " + raw);
        }

        // a row the erasure could not publish (Kafka down, crash, or an erasure from before the topic existed)
        String pending = hash.hash(ErasureHash.userId(id("pending")));
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement(
                     "insert into erased_identifier (key_hash, erased_at) values (?, now())")) {
            ps.setString(1, pending);
            ps.executeUpdate();
        }
        assertNotNull(awaitRecord(Topics.ERASED_IDENTIFIERS, r -> pending.equals(r.key())));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
                 PreparedStatement ps = c.prepareStatement(
                         "select published_at is not null from erased_identifier where key_hash = ?")) {
                ps.setString(1, pending);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() && rs.getBoolean(1);
                }
            }
        });
    }

    /**
     * The real topic is compacted with a bounded compaction lag; the test shortens segment and lag so the log
     * cleaner runs within seconds, then reads every partition: the keys have no record but tombstones, and no
     * record anywhere holds the person's data.
     */
    void assertTheCompactedTopicKeepsNoSnapshotOf(List<String> keys, List<String> person) throws Exception {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.PROFILES);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            Config real = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertEquals("compact", real.get("cleanup.policy").value());
            assertTrue(Long.parseLong(real.get("max.compaction.lag.ms").value()) <= Duration.ofDays(1).toMillis(),
                    "an erased profile's snapshots are compacted away within a day");
            Map<String, String> fast = Map.of("segment.ms", "200", "min.cleanable.dirty.ratio", "0.01",
                    "max.compaction.lag.ms", "200");
            alter(admin, topic, fast);
            try {
                List<String> left = List.of("not read yet");
                long deadline = System.currentTimeMillis() + 120_000;
                int filler = 0;
                while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
                    // a segment rolls only when a record arrives after segment.ms: keep every partition moving
                    for (int part = 0; part < 6; part++) {
                        producer.send(new ProducerRecord<>(Topics.PROFILES, part, "filler-" + filler++, null)).get();
                    }
                    Thread.sleep(1000);
                    left = readAll(Topics.PROFILES).stream()
                            .filter(r -> r.value() != null && (keys.contains(r.key())
                                    || person.stream().anyMatch(v -> r.value().toLowerCase().contains(v.toLowerCase()))))
                            .map(r -> r.key() + "@" + r.partition() + ":" + r.offset()).toList();
                }
                assertEquals(List.of(), left, "records of the erased person left on " + Topics.PROFILES);
            } finally {
                alter(admin, topic, Map.of("segment.ms", Long.toString(Duration.ofDays(7).toMillis()),
                        "min.cleanable.dirty.ratio", "0.5", "max.compaction.lag.ms", real.get("max.compaction.lag.ms").value()));
            }
        }
    }

    static void alter(Admin admin, ConfigResource topic, Map<String, String> configs) throws Exception {
        List<AlterConfigOp> ops = new ArrayList<>();
        configs.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        admin.incrementalAlterConfigs(Map.of(topic, ops)).all().get();
    }

    /** Every record now on the topic, read from the beginning to the end offsets. */
    static List<ConsumerRecord<String, String>> readAll(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p)) {
            List<TopicPartition> parts = new ArrayList<>();
            c.partitionsFor(topic).forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            long deadline = System.currentTimeMillis() + 30_000;
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                c.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    static List<PersonalDataSweep.Hit> sweepProfileDb(List<String> needles) throws Exception {
        return PersonalDataSweep.sweep(jdbcUrl(), "postgres", "postgres", needles);
    }

    static String jdbcUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    static int processed(List<String> messageIds) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
             PreparedStatement ps = c.prepareStatement("select count(*) from processed_message where message_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", messageIds.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void badRequestsGetProblemDocuments() {
        given().queryParam("userId", "x").get("/profiles").then().statusCode(401);
        given().header("Authorization", ADMIN).get("/profiles")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", startsWith("urn:cartback:problem:identifier-query"))
                .body("detail", org.hamcrest.Matchers.containsString("exactly one"));
        given().header("Authorization", ADMIN).queryParam("userId", "a").queryParam("email", "b@c.de").get("/profiles")
                .then().statusCode(400);
        given().header("Authorization", ADMIN).queryParam("email", "not-an-email").get("/profiles")
                .then().statusCode(400).body("detail", org.hamcrest.Matchers.containsString("not an email address"));
        given().header("Authorization", ADMIN).queryParam("userId", "undefined").get("/profiles")
                .then().statusCode(400);
        given().header("Authorization", ADMIN).get("/profiles/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", ADMIN).delete("/profiles/" + UUID.randomUUID())
                .then().statusCode(404).contentType("application/problem+json");
    }
}
