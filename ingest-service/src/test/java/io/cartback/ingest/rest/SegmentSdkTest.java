package io.cartback.ingest.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.EventsTopic;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/**
 * Segment's own Node SDK (@segment/analytics-node, installed by the build's `npm ci`), pointed at this service
 * by host and write key only, delivers its events to cdp.events.v1.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class SegmentSdkTest {

    @Test
    void segmentAnalyticsNodeEventsArriveOnKafkaWithExpectedFields() throws Exception {
        TestSources.Created source = TestSources.create("segment sdk storefront");
        String anonymousId = "sdk-" + UUID.randomUUID();
        Process node = new ProcessBuilder("node", "segment-storefront.mjs", "http://localhost:" + RestAssured.port,
                source.writeKey(), anonymousId)
                .directory(new File("src/test/node"))
                .redirectErrorStream(true)
                .start();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "SDK process finished");
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, node.exitValue(), output);

        List<EventsTopic.Event> events = EventsTopic.findWhere(v -> anonymousId.equals(v.path("anonymousId").asText()),
                5, Duration.ofSeconds(30));
        assertEquals(5, events.size(), "page, 2 product events, identify, checkout step");
        JsonNode added = events.stream().map(EventsTopic.Event::value)
                .filter(v -> "Product Added".equals(v.path("event").asText())).findFirst().orElseThrow();
        assertEquals(anonymousId, events.get(0).key());
        assertEquals(42.99, added.path("commerce").path("products").get(0).path("price").asDouble());
        assertEquals(2, added.path("commerce").path("products").get(0).path("quantity").asInt());
        assertEquals("Aviator Sunglasses 😎", added.path("properties").path("name").asText());
        assertTrue(added.path("context").path("library").path("name").asText().contains("analytics-node"),
                "the SDK's own context is kept: " + added.path("context"));
        assertEquals(source.id(), added.path("sourceId").asText());
        JsonNode step = events.stream().map(EventsTopic.Event::value)
                .filter(v -> "Checkout Step Viewed".equals(v.path("event").asText())).findFirst().orElseThrow();
        assertEquals("shipping", step.path("commerce").path("stepName").asText());
        assertEquals(7.5, step.path("commerce").path("shipping").asDouble());
        assertTrue(events.stream().anyMatch(e -> "identify".equals(e.value().path("type").asText())
                && ("user-" + anonymousId).equals(e.value().path("userId").asText())));
    }
}
