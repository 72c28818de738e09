package io.cartback.profile.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.cartback.devinfra.KafkaTestResource;
import io.cartback.devinfra.Postgres;
import io.cartback.devinfra.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Not a test (no assertion on speed; surefire does not pick up *Bench): bench/profile-throughput.sh runs it.
 * Measures events applied per second while the service drains the pre-filled cdp.events.v1: from the first
 * batch commit to the last one (processed_message.processed_at), and writes target/bench/profile-throughput.txt.
 */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "profile"))
@QuarkusTestResource(value = BenchDataResource.class, restrictToAnnotatedClass = true)
class ProfileThroughputBench {

    record Stats(long count, Instant first, Instant last, long profiles, long identifiers) {
    }

    @Test
    void drainThePrefilledEventsTopic() throws Exception {
        int expected = BenchDataResource.produced;
        long started = System.nanoTime();
        Postgres.Database db = PostgresTestResource.database("profile");
        Stats[] last = new Stats[1];
        long[] lastChange = {System.nanoTime(), -1};
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            Awaitility.await().atMost(Duration.ofMinutes(40)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                last[0] = query(c);
                System.out.printf("bench: %d / %d events applied%n", last[0].count(), expected);
                if (last[0].count() != lastChange[1]) {
                    lastChange[0] = System.nanoTime();
                    lastChange[1] = last[0].count();
                }
                // stop when all arrived, or when nothing moved for 60 s (duplicate message ids in the data)
                return last[0].count() >= expected
                        || last[0].count() > 0 && System.nanoTime() - lastChange[0] > 60_000_000_000L;
            });
        }
        Stats s = last[0];
        double seconds = Duration.between(s.first(), s.last()).toMillis() / 1000.0;
        String report = String.format(
                "events=%d fill_ms=%d drain_seconds=%.1f events_per_second=%.0f live_profiles=%d identifiers=%d "
                        + "wall_seconds_after_boot=%.1f cores=%d batch_size=%s%n",
                s.count(), BenchDataResource.fillMillis, seconds, s.count() / seconds, s.profiles(), s.identifiers(),
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors(),
                org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("cdp.profile.batch-size", String.class));
        System.out.print("bench: " + report);
        Path out = Path.of("target/bench/profile-throughput.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    static Stats query(Connection c) throws Exception {
        try (Statement st = c.createStatement(); ResultSet r = st.executeQuery(
                "select (select count(*) from processed_message), (select min(processed_at) from processed_message), "
                        + "(select max(processed_at) from processed_message), "
                        + "(select count(*) from profile where doc is not null), (select count(*) from identifier)")) {
            r.next();
            return new Stats(r.getLong(1), r.getTimestamp(2) == null ? Instant.EPOCH : r.getTimestamp(2).toInstant(),
                    r.getTimestamp(3) == null ? Instant.EPOCH : r.getTimestamp(3).toInstant(), r.getLong(4), r.getLong(5));
        }
    }
}
