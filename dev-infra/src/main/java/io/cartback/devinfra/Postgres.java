package io.cartback.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server: either an existing one named by {@code CDP_TEST_PG_URL}
 * ({@code postgresql://user:password@host:port}), or an embedded one (zonky binaries, started by this JVM).
 * Each service gets its own database, as in production, created on demand.
 */
public final class Postgres implements AutoCloseable {
    public static final String URL_ENV = "CDP_TEST_PG_URL";

    private final EmbeddedPostgres.Builder builder;
    private EmbeddedPostgres embedded;
    private Path temporaryDataDir;
    private final String host;
    private final int port;
    private final String user;
    private final String password;

    private Postgres(EmbeddedPostgres.Builder builder, EmbeddedPostgres embedded, String host, int port, String user,
            String password) {
        this.builder = builder;
        this.embedded = embedded;
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
    }

    /** The server named by CDP_TEST_PG_URL if set, otherwise a new embedded server on a free port. */
    public static Postgres startOrConnect() {
        String url = System.getenv(URL_ENV);
        if (url != null && !url.isBlank()) {
            return connect(url);
        }
        return startEmbedded(null, 0);
    }

    public static Postgres connect(String url) {
        URI uri = URI.create(url);
        String[] userInfo = uri.getUserInfo() == null ? new String[] {"postgres", ""} : uri.getUserInfo().split(":", 2);
        return new Postgres(null, null, uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), userInfo[0],
                userInfo.length > 1 ? userInfo[1] : "");
    }

    /** Starts an embedded server; with a data directory the data survives restarts of the local stack. */
    public static Postgres startEmbedded(Path dataDir, int port) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? FreePorts.next() : port)
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("fsync", "off".equals(System.getenv("CDP_PG_FSYNC")) ? "off" : "on");
            // an explicit data directory that stop() does not wipe, so stop()/start() keeps the data; a
            // temporary one is deleted by close()
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("cdp-pg-");
            builder.setDataDirectory(dir).setCleanDataDirectory(false);
            EmbeddedPostgres pg = builder.start();
            Postgres started = new Postgres(builder, pg, "localhost", pg.getPort(), "postgres", "postgres");
            started.temporaryDataDir = dataDir == null ? dir : null;
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("starting embedded PostgreSQL failed", e);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    /** Creates the database if it does not exist and returns how to reach it. */
    public Database database(String name) {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement s = c.createStatement()) {
            var rs = s.executeQuery("select 1 from pg_database where datname = '" + safe + "'");
            if (!rs.next()) {
                s.execute("create database " + safe);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + safe + " failed", e);
        }
        return new Database(host, port, safe, user, password);
    }

    public int port() {
        return port;
    }

    /**
     * Stops the embedded server (fault injection for the local stack: what do the services do without their
     * database?). Its data directory is kept when it was given, so {@link #start()} brings the same data back.
     */
    public synchronized void stop() {
        requireEmbedded();
        closeServer();
    }

    private void closeServer() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            embedded = null;
        }
    }

    /** Starts the embedded server again on the same port (and data directory) after {@link #stop()}. */
    public synchronized void start() {
        requireEmbedded();
        if (embedded == null) {
            try {
                embedded = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("restarting embedded PostgreSQL failed", e);
            }
        }
    }

    public synchronized boolean isRunning() {
        return builder == null || embedded != null;
    }

    private void requireEmbedded() {
        if (builder == null) {
            throw new IllegalStateException("only an embedded PostgreSQL can be stopped and started");
        }
    }

    private String jdbcUrl(String db) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + db;
    }

    @Override
    public synchronized void close() {
        closeServer();
        if (temporaryDataDir != null) {
            deleteTree(temporaryDataDir);
            temporaryDataDir = null;
        }
    }

    /** Connection facts for one database, in the shapes Quarkus wants. */
    public record Database(String host, int port, String name, String user, String password) {
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        public String reactiveUrl() {
            return "postgresql://" + host + ":" + port + "/" + name;
        }
    }
}
