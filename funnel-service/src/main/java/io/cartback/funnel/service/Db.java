package io.cartback.funnel.service;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/** Runs work in one JDBC transaction: commit on return, rollback on any failure. */
@ApplicationScoped
public class Db {
    private final DataSource ds;

    public Db(DataSource ds) {
        this.ds = ds;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in a transaction; a deadlock or serialization failure (another replica or the timer sweep
     * touched the same shopper rows in another order) is retried up to 3 times: the work is pure DB work.
     */
    public <T> T tx(Work<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !(e.getCause() instanceof SQLException sql)
                        || !("40P01".equals(sql.getSQLState()) || "40001".equals(sql.getSQLState()))) {
                    throw e;
                }
            }
        }
    }

    private <T> T once(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database work failed: " + e.getMessage(), e);
        }
    }
}
