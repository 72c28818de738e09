package io.cartback.funnel.oracle;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The default checkout funnel computed independently, in DuckDB SQL, straight from the raw GA CSV rows, using
 * the row-to-event reading of docs/ga-mapping.md (not the importer's code) and the funnel rules of
 * funnel-service/README.md:
 *
 * <ul>
 *   <li>shopper = visitor_id; activity = every row except purchase rows of an order's later hits (the importer
 *       sends one Order Completed per transaction_id, at its first hit);</li>
 *   <li>sessions: a new one after 30 minutes without activity;</li>
 *   <li>steps: product_view; add_to_cart; page_view of /basket.html; page_view or checkout row of
 *       /signin.html, /register.html, /guestregister.html (optional); /yourinfo.html; /payment.html;
 *       /revieworder.html; the first purchase hit of an order;</li>
 *   <li>a journey = a session with a product_view; each step is the earliest matching row at or after the
 *       previous step, within one day of entry; the optional account step counts when it comes no later than
 *       the shipping step.</li>
 * </ul>
 */
public final class DuckDbFunnel implements AutoCloseable {
    public static final ZoneId STORE = ZoneId.of("America/Los_Angeles");
    private final Connection db;

    public DuckDbFunnel() throws SQLException {
        // the driver directly, not DriverManager: after a @QuarkusTest in the same JVM the context class loader
        // no longer sees drivers registered by the test class path
        db = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:", new java.util.Properties());
    }

    /** Loads the rows of [from, to] (store-local days) from the gzip CSV into table ga. Not part of the timed query. */
    public long load(Path csvGz, LocalDate from, LocalDate to) throws SQLException {
        Instant start = from.atStartOfDay(STORE).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(STORE).toInstant();
        try (Statement s = db.createStatement()) {
            s.execute("create or replace table ga as select cast(event_time as timestamp) as ts, event_type, session_id, "
                    + "visitor_id as v, cast(hit_number as integer) as hit, transaction_id, page_path "
                    + "from read_csv('" + csvGz.toString().replace("'", "''") + "', header = true, all_varchar = true) "
                    + "where cast(event_time as timestamp) >= timestamp '" + ts(start) + "' "
                    + "and cast(event_time as timestamp) < timestamp '" + ts(end) + "'");
            try (ResultSet rs = s.executeQuery("select count(*) from ga")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String ts(Instant i) {
        return i.toString().replace("T", " ").replace("Z", "");
    }

    static final String SQL = """
            with first_hit as (
              select transaction_id, session_id, hit from (
                select transaction_id, session_id, hit,
                       row_number() over (partition by transaction_id order by min(ts), session_id, hit) as n
                from ga where event_type = 'purchase' and transaction_id is not null
                group by transaction_id, session_id, hit) where n = 1),
            act as (
              select g.v, g.ts, g.event_type, g.page_path,
                     (g.event_type = 'purchase' and f.transaction_id is not null) as is_order
              from ga g left join first_hit f
                on g.event_type = 'purchase' and g.transaction_id = f.transaction_id
               and g.session_id = f.session_id and g.hit = f.hit
              where g.event_type <> 'purchase' or f.transaction_id is not null),
            gaps as (
              select *, case when lag(ts) over (partition by v order by ts) is null
                               or ts - lag(ts) over (partition by v order by ts) >= interval 30 minute
                             then 1 else 0 end as new_session
              from act),
            sess as (
              select *, sum(new_session) over (partition by v order by ts rows unbounded preceding) as sn from gaps),
            steps as (
              select v, sn, ts, case
                when event_type = 'product_view' then 0
                when event_type = 'add_to_cart' then 1
                when event_type = 'page_view' and page_path = '/basket.html' then 2
                when event_type in ('page_view', 'checkout')
                     and page_path in ('/signin.html', '/register.html', '/guestregister.html') then 3
                when event_type in ('page_view', 'checkout') and page_path = '/yourinfo.html' then 4
                when event_type in ('page_view', 'checkout') and page_path = '/payment.html' then 5
                when event_type in ('page_view', 'checkout') and page_path = '/revieworder.html' then 6
                when is_order then 7 end as k
              from sess),
            s0 as (select v, sn, min(ts) as t0 from steps where k = 0 group by v, sn),
            s1 as (select a.*, min(x.ts) as t1 from s0 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 1
                     and x.ts >= a.t0 and x.ts <= a.t0 + interval 1 day group by all),
            s2 as (select a.*, min(x.ts) as t2 from s1 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 2
                     and x.ts >= a.t1 and x.ts <= a.t0 + interval 1 day group by all),
            s4 as (select a.*, min(x.ts) as t4 from s2 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 4
                     and x.ts >= a.t2 and x.ts <= a.t0 + interval 1 day group by all),
            s3 as (select a.*, min(x.ts) as t3 from s4 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 3
                     and x.ts >= a.t2 and (a.t4 is null or x.ts <= a.t4) and x.ts <= a.t0 + interval 1 day group by all),
            s5 as (select a.*, min(x.ts) as t5 from s3 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 5
                     and x.ts >= a.t4 and x.ts <= a.t0 + interval 1 day group by all),
            s6 as (select a.*, min(x.ts) as t6 from s5 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 6
                     and x.ts >= a.t5 and x.ts <= a.t0 + interval 1 day group by all),
            s7 as (select a.*, min(x.ts) as t7 from s6 a left join steps x on x.v = a.v and x.sn = a.sn and x.k = 7
                     and x.ts >= a.t6 and x.ts <= a.t0 + interval 1 day group by all)
            select count(t0), count(t1), count(t2), count(t3), count(t4), count(t5), count(t6), count(t7)
            from s7 where t0 >= ? and t0 < ?
            """;

    /** Journeys that entered each of the 8 steps, for journeys entered on store-local days [from, to]. */
    public List<Long> enteredPerStep(LocalDate from, LocalDate to) throws SQLException {
        try (var ps = db.prepareStatement(SQL)) {
            ps.setObject(1, java.time.LocalDateTime.ofInstant(from.atStartOfDay(STORE).toInstant(), java.time.ZoneOffset.UTC));
            ps.setObject(2, java.time.LocalDateTime.ofInstant(to.plusDays(1).atStartOfDay(STORE).toInstant(), java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                List<Long> out = new ArrayList<>();
                for (int i = 1; i <= 8; i++) {
                    out.add(rs.getLong(i));
                }
                return out;
            }
        }
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
