package io.cartback.kit.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class DependenciesTest {
    private static final Logger LOG = Logger.getLogger(DependenciesTest.class);

    @Test
    void connectionFailuresAnywhereInTheChainAreTemporary() {
        assertTrue(Dependencies.unreachable(new ConnectException("refused")));
        assertTrue(Dependencies.unreachable(new IllegalStateException(new ConnectException("refused"))));
        assertTrue(Dependencies.unreachable(new SQLException("no connection", "08001")));
        RuntimeException composite = new RuntimeException("several");
        composite.addSuppressed(new ConnectException("refused"));
        assertTrue(Dependencies.unreachable(composite));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(Dependencies.unreachable(new IllegalStateException("bug")));
        assertFalse(Dependencies.unreachable(new SQLException("syntax", "42601")));
        assertFalse(Dependencies.unreachable(new RuntimeException(new NullPointerException())));
    }

    @Test
    void reactiveWorkIsRetriedUntilTheDependencyIsBack() {
        AtomicInteger attempts = new AtomicInteger();
        String result = Dependencies.retryWhileUnreachable(() -> attempts.incrementAndGet() < 3
                ? Uni.createFrom().failure(new IllegalStateException(new ConnectException("down")))
                : Uni.createFrom().item("done"), "test", LOG).await().atMost(Duration.ofSeconds(30));
        assertEquals("done", result);
        assertEquals(3, attempts.get());
    }

    @Test
    void reactiveWorkFailingForAnotherReasonFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(IllegalArgumentException.class, () -> Dependencies.retryWhileUnreachable(() -> {
            attempts.incrementAndGet();
            return Uni.createFrom().<String>failure(new IllegalArgumentException("bad message"));
        }, "test", LOG).await().atMost(Duration.ofSeconds(5)));
        assertEquals(1, attempts.get());
    }

    @Test
    void blockingWorkIsRetriedUntilTheDependencyIsBackAndOtherFailuresPropagate() {
        AtomicInteger attempts = new AtomicInteger();
        Dependencies.runWhileUnreachable(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("database work failed", new SQLException("refused", "08001"));
            }
        }, "test", LOG);
        assertEquals(3, attempts.get());
        assertThrows(IllegalStateException.class, () -> Dependencies.runWhileUnreachable(() -> {
            throw new IllegalStateException("a bug");
        }, "test", LOG));
    }
}
