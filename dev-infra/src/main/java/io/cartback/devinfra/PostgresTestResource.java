package io.cartback.devinfra;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Quarkus test resource: a real PostgreSQL (embedded, or the server in {@code CDP_TEST_PG_URL}) with a fresh
 * database per test JVM, named after the {@code database} init arg. Sets both the reactive and the JDBC URL
 * (Flyway migrates over JDBC, the service runs on the reactive client).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {
    private static Postgres shared;
    private static final Map<String, Postgres.Database> DATABASES = new HashMap<>();
    private String database = "test";

    public static synchronized Postgres server() {
        if (shared == null) {
            shared = Postgres.startOrConnect();
            Postgres pg = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "embedded-postgres-stop"));
        }
        return shared;
    }

    public static synchronized Postgres.Database database(String name) {
        return DATABASES.computeIfAbsent(name,
                n -> server().database(n + "_t" + Long.toString(System.currentTimeMillis(), 36)));
    }

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
    }

    @Override
    public Map<String, String> start() {
        Postgres.Database db = database(database);
        return Map.of(
                "quarkus.datasource.reactive.url", db.reactiveUrl(),
                "quarkus.datasource.jdbc.url", db.jdbcUrl(),
                "quarkus.datasource.username", db.user(),
                "quarkus.datasource.password", db.password());
    }

    @Override
    public void stop() {
        // shared across test classes; stopped by the JVM shutdown hook
    }
}
