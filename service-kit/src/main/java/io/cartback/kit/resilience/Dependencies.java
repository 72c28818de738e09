package io.cartback.kit.resilience;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * What to do when a backing service (PostgreSQL) cannot be reached: a temporary condition, not a bad message.
 * Consumers wait for it and go on where they were instead of failing the channel (which stops consumption until
 * the process restarts); REST answers 503 + Retry-After (see {@code ProblemMappers}).
 */
public final class Dependencies {
    static final Duration FIRST_WAIT = Duration.ofMillis(500);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(10);

    private Dependencies() {
    }

    /** A connection failure anywhere in the cause chain (or among suppressed causes of a composite failure). */
    public static boolean unreachable(Throwable t) {
        return unreachable(t, 0);
    }

    private static boolean unreachable(Throwable t, int depth) {
        if (t == null || depth > 8) {
            return false;
        }
        if (t instanceof ConnectException || t instanceof SQLTransientConnectionException
                || (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))
                || t.getClass().getName().equals("io.vertx.sqlclient.ClosedConnectionException")) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (unreachable(s, depth + 1)) {
                return true;
            }
        }
        return unreachable(t.getCause(), depth + 1);
    }

    /**
     * Runs {@code work} (subscribed again on every attempt) until it succeeds or fails for another reason than an
     * unreachable dependency; waits 0.5 s, doubling up to 10 s, between attempts.
     */
    public static <T> Uni<T> retryWhileUnreachable(Supplier<Uni<? extends T>> work, String what, Logger log) {
        return Uni.createFrom().<T>deferred(work)
                .onFailure(Dependencies::unreachable).invoke(e ->
                        log.warnf("%s: a dependency is unreachable (%s); waiting for it", what, e.getMessage()))
                .onFailure(Dependencies::unreachable).retry().withBackOff(FIRST_WAIT, LONGEST_WAIT).indefinitely();
    }

    /** The blocking form of {@link #retryWhileUnreachable}, for consumers that run on worker threads. */
    public static void runWhileUnreachable(Runnable work, String what, Logger log) {
        long waitMs = FIRST_WAIT.toMillis();
        while (true) {
            try {
                work.run();
                return;
            } catch (RuntimeException e) {
                if (!unreachable(e)) {
                    throw e;
                }
                log.warnf("%s: a dependency is unreachable (%s); waiting %d ms", what, e.getMessage(), waitMs);
            }
            try {
                Thread.sleep(waitMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a dependency", ie);
            }
            waitMs = Math.min(LONGEST_WAIT.toMillis(), waitMs * 2);
        }
    }
}
