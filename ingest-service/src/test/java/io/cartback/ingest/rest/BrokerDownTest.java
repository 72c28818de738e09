package io.cartback.ingest.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cartback.devinfra.EmbeddedKafka;
import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.ingest.EventsTopic;
import io.cartback.ingest.TestSources;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** While the broker is down nothing is reported as accepted; clients get 503 + Retry-After; ingest recovers alone. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "ingest"))
class BrokerDownTest {

    private static String call(String messageId) {
        return "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + messageId
                + "\",\"anonymousId\":\"outage\",\"event\":\"Product Viewed\"}]}";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {status, milliseconds} of n calls sent at once from n threads. */
    private static List<long[]> concurrentCallsDuringOutage(TestSources.Created source, int n) {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    long start = System.nanoTime();
                    int status = given().header("Authorization", source.basic()).contentType(ContentType.JSON)
                            .body(call(UUID.randomUUID().toString())).when().post("/v1/batch").statusCode();
                    return new long[] {status, (System.nanoTime() - start) / 1_000_000};
                }));
            }
            List<long[]> answers = new ArrayList<>();
            for (Future<long[]> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void brokerDownGives503WithRetryAfterAndNothingIsLostAfterRecovery() {
        TestSources.Created source = TestSources.create("outage");
        EmbeddedKafka broker = KafkaTestResource.broker();
        String duringOutage = UUID.randomUUID().toString();
        String afterRecovery = UUID.randomUUID().toString();
        broker.stop();
        try {
            given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(call(duringOutage))
                    .when().post("/v1/batch")
                    .then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:cartback:problem:event-store-unavailable"));
            // a storefront keeps sending while the broker is gone: every request hears 503 before an SDK's 10 s
            // timeout (none hangs waiting on a producer that lost the cluster), so none is retried blindly
            // (waves 3 s apart: a short fail-fast window after each failure is not enough)
            List<long[]> answers = new ArrayList<>();
            for (int wave = 0; wave < 4; wave++) {
                answers.addAll(concurrentCallsDuringOutage(source, 10));
                sleep(3_000);
            }
            assertTrue(answers.stream().allMatch(a -> a[0] == 503), "every call answered 503");
            long slowestMs = answers.stream().mapToLong(a -> a[1]).max().orElseThrow();
            assertTrue(slowestMs < 9_000, "slowest answer took " + slowestMs + " ms");
            // readiness reflects the broker, so a load balancer stops sending traffic here
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    given().when().get("/q/health/ready").statusCode() == 503);
        } finally {
            broker.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().when().get("/q/health/ready").statusCode() == 200);
        // the client retries as told; once the broker is back, the retry and new events are stored
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(call(duringOutage))
                        .when().post("/v1/batch").statusCode() == 200);
        given().header("Authorization", source.basic()).contentType(ContentType.JSON).body(call(afterRecovery))
                .when().post("/v1/batch").then().statusCode(200);
        List<EventsTopic.Event> stored = EventsTopic.find(List.of(duringOutage, afterRecovery), 2, Duration.ofSeconds(30));
        assertEquals(1, stored.stream().filter(e -> e.value().path("messageId").asText().equals(duringOutage)).count(),
                "the event refused with 503 and retried is stored exactly once");
        assertEquals(1, stored.stream().filter(e -> e.value().path("messageId").asText().equals(afterRecovery)).count());
    }
}
