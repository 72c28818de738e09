package io.cartback.devinfra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Looks for personal data (an email address, a user id, an anonymous id ...) in every column of every table of a
 * database: the GDPR erasure tests run it after an erasure. The tables come from {@code information_schema}, not
 * from a list, so a table added later is swept without anyone remembering to add it. Every column is compared as
 * text (jsonb, arrays and numbers included), case-insensitively, as a substring.
 */
public final class PersonalDataSweep {

    /** A value found: where, and the stored text (shortened). */
    public record Hit(String table, String column, String needle, String value) {
        @Override
        public String toString() {
            return table + "." + column + " contains '" + needle + "': " + value;
        }
    }

    private PersonalDataSweep() {
    }

    public static List<Hit> sweep(String jdbcUrl, String user, String password, Collection<String> needles)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return sweep(c, needles);
        }
    }

    public static List<Hit> sweep(Connection c, Collection<String> needles) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = current_schema() and t.table_type = 'BASE TABLE' and c.data_type <> 'bytea'
                order by 1, 2""");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("no tables to sweep: wrong database or schema?");
        }
        List<Hit> hits = new ArrayList<>();
        for (String needle : needles) {
            if (needle == null || needle.isBlank()) {
                throw new IllegalArgumentException("blank needle would match everything");
            }
            for (String[] col : columns) {
                String sql = "select left(" + quote(col[1]) + "::text, 300) from " + quote(col[0]) + " where strpos(lower("
                        + quote(col[1]) + "::text), ?) > 0 limit 3";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, needle.toLowerCase(Locale.ROOT));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            hits.add(new Hit(col[0], col[1], needle, rs.getString(1)));
                        }
                    }
                }
            }
        }
        return hits;
    }

    /** How many base tables the sweep covers (a test can assert the schema is not empty). */
    public static int tableCount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from information_schema.tables "
                + "where table_schema = current_schema() and table_type = 'BASE TABLE'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
