package io.cartback.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.PostgresTestResource;
import io.cartback.profile.domain.Identifier;
import io.cartback.profile.domain.Product;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.domain.ProfileEvent;
import io.cartback.profile.service.ProfileBatchService;
import io.cartback.profile.service.ProfileQueryService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Several batches (as from several replicas or consumers) touching the same profile at the same moment, against
 * the real database: the optimistic checks make the losers retry from fresh state, so no update is lost and no
 * identifier gets two profiles.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile"))
class ConcurrentBatchesTest {
    static final int WRITERS = 4;

    @Inject
    ProfileBatchService batches;

    @Inject
    ProfileQueryService queries;

    static ProfileEvent added(String messageId, String anon, String productId) {
        return ProfileEvent.builder(messageId, "track", Instant.parse("2026-11-10T10:00:00Z")).event("Product Added")
                .anonymousId(anon).currency("EUR")
                .products(List.of(new Product(productId, null, productId, null, null, null, BigDecimal.ONE, 1L, null,
                        null)))
                .build();
    }

    void applyConcurrently(List<List<ProfileEvent>> perWriter) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(perWriter.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object>> done = new ArrayList<>();
            for (List<ProfileEvent> events : perWriter) {
                Callable<Object> task = () -> {
                    start.await();
                    try {
                        return VertxContextSupport.subscribeAndAwait(() -> batches.apply(events));
                    } catch (Throwable t) {
                        throw new IllegalStateException(t);
                    }
                };
                done.add(pool.submit(task));
            }
            start.countDown();
            for (Future<Object> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    Profile profileOf(String key) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> queries.byIdentifier(Identifier.parse(key)))
                .orElseThrow(() -> new AssertionError("no profile for " + key));
    }

    @Test
    void concurrentBatchesOnOneExistingProfileLoseNoUpdate() throws Throwable {
        for (int round = 0; round < 5; round++) {
            String anon = "existing-" + round + "-" + System.nanoTime();
            applyConcurrently(List.of(List.of(added("seed-" + anon, anon, "SEED"))));
            List<List<ProfileEvent>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(List.of(added("w" + w + "-" + anon, anon, "P" + w)));
            }
            applyConcurrently(writers);
            Set<String> lines = new HashSet<>();
            profileOf("anonymousId:" + anon).cart().lines().forEach(l -> lines.add(l.product().productId()));
            assertEquals(Set.of("SEED", "P0", "P1", "P2", "P3"), lines, "round " + round);
        }
    }

    @Test
    void concurrentBatchesThatBothSeeANewIdentifierEndWithOneProfile() throws Throwable {
        for (int round = 0; round < 5; round++) {
            String anon = "new-" + round + "-" + System.nanoTime();
            List<List<ProfileEvent>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(List.of(added("w" + w + "-" + anon, anon, "P" + w)));
            }
            applyConcurrently(writers);
            Profile p = profileOf("anonymousId:" + anon);
            assertEquals(WRITERS, p.cart().lines().size(), "round " + round + ": " + p.cart().lines());
            assertTrue(p.values(io.cartback.profile.domain.IdType.ANONYMOUS_ID).contains(anon));
        }
    }
}
