package io.cartback.funnel.persistence;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.funnel.domain.Abandonment;
import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.domain.Recovery;
import io.cartback.funnel.domain.ShopperEvent;

/**
 * All SQL of the service, on a connection (and so a transaction) the caller owns. Plain JDBC: the consumer's
 * work is batch SQL around CPU-bound recomputation on worker threads (see the README for why not Panache).
 */
@ApplicationScoped
public class FunnelStore {
    private static final long JOURNEY_REV_LOCK = 0x66756e6e656cL; // "funnel"
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final ObjectMapper json;

    public FunnelStore(ObjectMapper json) {
        this.json = json;
    }

    // ---- events

    /** Inserts events not seen before (by message id); returns how many were new. */
    public int insertEvents(Connection c, List<ShopperEvent> events) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into shopper_event (message_id, shopper_key, at, payload) values (?, ?, ?, ?::jsonb) "
                        + "on conflict (message_id) do nothing")) {
            for (ShopperEvent e : events) {
                ps.setString(1, e.messageId());
                ps.setString(2, e.shopperKey());
                ps.setTimestamp(3, Timestamp.from(e.at()));
                ps.setString(4, write(e));
                ps.addBatch();
            }
            int n = 0;
            for (int r : ps.executeBatch()) {
                n += r > 0 ? 1 : 0;
            }
            return n;
        }
    }

    /** The message ids of {@code ids} that are already in the event log. */
    public Set<String> storedMessageIds(Connection c, Collection<String> ids) throws SQLException {
        Set<String> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("select message_id from shopper_event where message_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public Map<String, List<ShopperEvent>> loadEvents(Connection c, Collection<String> keys) throws SQLException {
        Map<String, List<ShopperEvent>> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select shopper_key, payload from shopper_event where shopper_key = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    ShopperEvent e = read(rs.getString(2), ShopperEvent.class).withShopperKey(key);
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
                }
            }
        }
        return out;
    }

    public List<String> shopperKeysPage(Connection c, String after, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select distinct shopper_key from shopper_event where shopper_key > ? order by shopper_key limit ?")) {
            ps.setString(1, after);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    // ---- identities

    public Map<String, String> aliases(Connection c, Collection<String> keys) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select alias_key, canonical_key from shopper_alias where alias_key = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Points every key (and every alias that pointed at one of them) at {@code canonical}; moves their events. */
    public void merge(Connection c, Collection<String> keys, String canonical) throws SQLException {
        Array arr = c.createArrayOf("text", keys.toArray());
        try (PreparedStatement ps = c.prepareStatement(
                "update shopper_alias set canonical_key = ? where canonical_key = any(?)")) {
            ps.setString(1, canonical);
            ps.setArray(2, arr);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into shopper_alias (alias_key, canonical_key) values (?, ?) "
                        + "on conflict (alias_key) do update set canonical_key = excluded.canonical_key")) {
            for (String k : keys) {
                if (!k.equals(canonical)) {
                    ps.setString(1, k);
                    ps.setString(2, canonical);
                    ps.addBatch();
                }
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update shopper_event set shopper_key = ? where shopper_key = any(?)")) {
            ps.setString(1, canonical);
            ps.setArray(2, arr);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("delete from cart_timer where shopper_key = any(?)")) {
            ps.setArray(1, arr);
            ps.executeUpdate();
        }
    }

    public void replaceProfileKeys(Connection c, String profileId, Collection<String> keys) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from profile_key where profile_id = ?")) {
            ps.setString(1, profileId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into profile_key (profile_id, shopper_key) values (?, ?) on conflict do nothing")) {
            for (String k : keys) {
                ps.setString(1, profileId);
                ps.setString(2, k);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The profile's known keys plus every key they were merged into or that was merged into them. */
    public List<String> keysOfProfile(Connection c, String profileId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "with k as (select shopper_key from profile_key where profile_id = ? union select ?) "
                        + "select shopper_key from k "
                        + "union select canonical_key from shopper_alias where alias_key in (select shopper_key from k) "
                        + "union select alias_key from shopper_alias where canonical_key in (select shopper_key from k)")) {
            ps.setString(1, profileId);
            ps.setString(2, "profile:" + profileId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * Erasure: the shopper's events, identifiers, timers and unsent messages go; journeys and abandonments stay
     * for the aggregates, without the shopper key or cart details.
     */
    public void erase(Connection c, Collection<String> keys, String profileId) throws SQLException {
        Array arr = c.createArrayOf("text", keys.toArray());
        for (String sql : List.of(
                "delete from shopper_event where shopper_key = any(?)",
                "delete from cart_timer where shopper_key = any(?)",
                "delete from shopper_alias where alias_key = any(?) or canonical_key = any(?)",
                // sent messages too: their payloads name the shopper's ids and cart (the topic has them until retention)
                "delete from outbox where msg_key = any(?)",
                "update abandonment set shopper_key = null, payload = null where shopper_key = any(?)",
                "update recovery set shopper_key = null where shopper_key = any(?)")) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setArray(1, arr);
                if (sql.contains("or canonical_key")) {
                    ps.setArray(2, arr);
                }
                ps.executeUpdate();
            }
        }
        lockJourneyRevisions(c);
        try (PreparedStatement ps = c.prepareStatement(
                "update journey set shopper_key = null, evidence = null, rev = nextval('journey_rev') "
                        + "where shopper_key = any(?)")) {
            ps.setArray(1, arr);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("delete from profile_key where profile_id = ?")) {
            ps.setString(1, profileId);
            ps.executeUpdate();
        }
    }

    // ---- journeys

    private static void lockJourneyRevisions(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            ps.setLong(1, JOURNEY_REV_LOCK);
            ps.executeQuery().close();
        }
    }

    /**
     * Replaces the journeys of these shoppers (for the given funnels) with {@code journeys}. Revisions are taken
     * under a transaction-scoped advisory lock so they become visible in order (readers never skip one).
     */
    public void replaceJourneys(Connection c, Collection<String> keys, Collection<String> funnelIds,
                                List<Journey> journeys) throws SQLException {
        lockJourneyRevisions(c);
        List<String> ids = journeys.stream().map(Journey::journeyId).toList();
        try (PreparedStatement ps = c.prepareStatement(
                "update journey set deleted = true, rev = nextval('journey_rev') where shopper_key = any(?) "
                        + "and funnel_id = any(?) and not deleted and not (journey_id = any(?))")) {
            ps.setArray(1, c.createArrayOf("text", keys.toArray()));
            ps.setArray(2, c.createArrayOf("text", funnelIds.toArray()));
            ps.setArray(3, c.createArrayOf("text", ids.toArray()));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into journey (journey_id, funnel_id, shopper_key, entered_at, last_event_at, step_at, reached, "
                        + "is_excluded, device, channel, known, is_returning, reason, evidence, deleted, rev) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, false, nextval('journey_rev')) "
                        + "on conflict (journey_id) do update set funnel_id = excluded.funnel_id, "
                        + "shopper_key = excluded.shopper_key, entered_at = excluded.entered_at, "
                        + "last_event_at = excluded.last_event_at, step_at = excluded.step_at, reached = excluded.reached, "
                        + "is_excluded = excluded.is_excluded, device = excluded.device, channel = excluded.channel, "
                        + "known = excluded.known, is_returning = excluded.is_returning, reason = excluded.reason, "
                        + "evidence = excluded.evidence, deleted = false, rev = excluded.rev "
                        + "where (journey.last_event_at, journey.step_at, journey.reached, journey.known, journey.reason, "
                        + "journey.deleted, journey.is_excluded, journey.is_returning) is distinct from (excluded.last_event_at, "
                        + "excluded.step_at, excluded.reached, excluded.known, excluded.reason, false, excluded.is_excluded, "
                        + "excluded.is_returning)")) {
            for (Journey j : journeys) {
                ps.setString(1, j.journeyId());
                ps.setString(2, j.funnelId());
                ps.setString(3, j.shopperKey());
                ps.setTimestamp(4, Timestamp.from(j.enteredAt()));
                ps.setTimestamp(5, Timestamp.from(j.lastEventAt()));
                Long[] at = new Long[j.stepAt().length];
                for (int i = 0; i < at.length; i++) {
                    at[i] = j.stepAt()[i];
                }
                ps.setArray(6, c.createArrayOf("bigint", at));
                ps.setInt(7, j.reached());
                ps.setBoolean(8, j.excluded());
                ps.setString(9, j.device());
                ps.setString(10, j.channel());
                ps.setBoolean(11, j.known());
                ps.setBoolean(12, j.returning());
                ps.setString(13, j.reason());
                ps.setString(14, write(j.evidence()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** A journey row as the index sees it: a live journey, or the id of one that was deleted. */
    public record JourneyChange(long rev, String journeyId, Journey journey) {
    }

    public long readJourneyChanges(Connection c, long afterRev, Consumer<JourneyChange> sink) throws SQLException {
        long max = afterRev;
        try (PreparedStatement ps = c.prepareStatement(
                "select rev, journey_id, deleted, funnel_id, shopper_key, entered_at, last_event_at, step_at, reached, "
                        + "is_excluded, device, channel, known, is_returning, reason from journey where rev > ? order by rev")) {
            ps.setFetchSize(5000);
            ps.setLong(1, afterRev);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rev = rs.getLong(1);
                    max = Math.max(max, rev);
                    String id = rs.getString(2);
                    if (rs.getBoolean(3)) {
                        sink.accept(new JourneyChange(rev, id, null));
                        continue;
                    }
                    Object[] arr = (Object[]) rs.getArray(8).getArray();
                    long[] at = new long[arr.length];
                    for (int i = 0; i < arr.length; i++) {
                        at[i] = ((Number) arr[i]).longValue();
                    }
                    sink.accept(new JourneyChange(rev, id, new Journey(id, rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(), at, rs.getInt(9),
                            rs.getBoolean(10), rs.getString(11), rs.getString(12), rs.getBoolean(13),
                            rs.getBoolean(14), rs.getString(15), List.of())));
                }
            }
        }
        return max;
    }

    public Optional<List<String>> journeyEvidence(Connection c, String journeyId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select evidence from journey where journey_id = ?")) {
            ps.setString(1, journeyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getString(1) != null ? Optional.of(read(rs.getString(1), STRINGS))
                        : Optional.empty();
            }
        }
    }

    // ---- carts, abandonment, outbox

    public void setCartTimer(Connection c, String key, Instant due) throws SQLException {
        if (due == null) {
            try (PreparedStatement ps = c.prepareStatement("delete from cart_timer where shopper_key = ?")) {
                ps.setString(1, key);
                ps.executeUpdate();
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "insert into cart_timer (shopper_key, due_at) values (?, ?) "
                        + "on conflict (shopper_key) do update set due_at = excluded.due_at")) {
            ps.setString(1, key);
            ps.setTimestamp(2, Timestamp.from(due));
            ps.executeUpdate();
        }
    }

    /** Sets (due != null) or clears every shopper's cart timer in two statements. */
    public void setCartTimers(Connection c, Map<String, Instant> dueByShopper) throws SQLException {
        List<String> clear = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "insert into cart_timer (shopper_key, due_at) values (?, ?) "
                        + "on conflict (shopper_key) do update set due_at = excluded.due_at")) {
            boolean any = false;
            for (Map.Entry<String, Instant> e : dueByShopper.entrySet()) {
                if (e.getValue() == null) {
                    clear.add(e.getKey());
                    continue;
                }
                ps.setString(1, e.getKey());
                ps.setTimestamp(2, Timestamp.from(e.getValue()));
                ps.addBatch();
                any = true;
            }
            if (any) {
                ps.executeBatch();
            }
        }
        if (!clear.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("delete from cart_timer where shopper_key = any(?)")) {
                ps.setArray(1, c.createArrayOf("text", clear.toArray()));
                ps.executeUpdate();
            }
        }
    }

    public List<String> dueCartTimers(Connection c, Instant watermark, int limit) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select shopper_key from cart_timer where due_at <= ? order by due_at limit ?")) {
            ps.setTimestamp(1, Timestamp.from(watermark));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Records the abandonment unless already recorded; true when it is new (and must be published). */
    public boolean insertAbandonment(Connection c, Abandonment a, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into abandonment (abandonment_id, shopper_key, abandoned_at, stage, reason, cart_value, currency, payload) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?::jsonb) on conflict (abandonment_id) do nothing")) {
            ps.setString(1, a.abandonmentId());
            ps.setString(2, a.shopperKey());
            ps.setTimestamp(3, Timestamp.from(a.abandonedAt()));
            ps.setString(4, a.stageReached());
            ps.setString(5, a.reason());
            ps.setBigDecimal(6, a.cartValue());
            ps.setString(7, a.currency());
            ps.setString(8, payload);
            return ps.executeUpdate() == 1;
        }
    }

    public boolean insertRecovery(Connection c, Recovery r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into recovery (abandonment_id, order_id, shopper_key, ordered_at, revenue) values (?, ?, ?, ?, ?) "
                        + "on conflict do nothing")) {
            ps.setString(1, r.abandonmentId());
            ps.setString(2, r.orderId());
            ps.setString(3, r.shopperKey());
            ps.setTimestamp(4, Timestamp.from(r.orderedAt()));
            ps.setBigDecimal(5, r.revenue());
            return ps.executeUpdate() == 1;
        }
    }

    public List<BigDecimal> abandonedCartValues(Connection c, Instant from, Instant to) throws SQLException {
        List<BigDecimal> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select cart_value from abandonment where abandoned_at >= ? and abandoned_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBigDecimal(1));
                }
            }
        }
        return out;
    }

    public record AbandonmentRow(String abandonmentId, String shopperKey, Instant abandonedAt, String stage,
                                 String reason, BigDecimal cartValue, String currency, boolean recovered) {
    }

    public List<AbandonmentRow> abandonments(Connection c, Instant from, Instant to, int limit) throws SQLException {
        List<AbandonmentRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select a.abandonment_id, a.shopper_key, a.abandoned_at, a.stage, a.reason, a.cart_value, a.currency, "
                        + "exists (select 1 from recovery r where r.abandonment_id = a.abandonment_id) "
                        + "from abandonment a where abandoned_at >= ? and abandoned_at < ? order by abandoned_at limit ?")) {
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setInt(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new AbandonmentRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getString(4), rs.getString(5), rs.getBigDecimal(6), rs.getString(7), rs.getBoolean(8)));
                }
            }
        }
        return out;
    }

    public void enqueue(Connection c, String topic, String key, String payload) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into outbox (topic, msg_key, payload) values (?, ?, ?)")) {
            ps.setString(1, topic);
            ps.setString(2, key);
            ps.setString(3, payload);
            ps.executeUpdate();
        }
    }

    public record OutboxRow(long id, String topic, String key, String payload) {
    }

    public List<OutboxRow> lockUnsent(Connection c, int limit) throws SQLException {
        List<OutboxRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "select id, topic, msg_key, payload from outbox where sent_at is null order by id limit ? "
                        + "for update skip locked")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new OutboxRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return out;
    }

    public void markSent(Connection c, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update outbox set sent_at = now() where id = any(?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    // ---- watermark

    public record WatermarkRow(Map<Integer, Instant> maxByPartition, Instant floor, long lateEvents) {
    }

    public WatermarkRow watermark(Connection c) throws SQLException {
        Map<Integer, Instant> max = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select partition_id, max_event_time from watermark_partition")) {
            while (rs.next()) {
                max.put(rs.getInt(1), rs.getTimestamp(2).toInstant());
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select floor, late_events from watermark_state where id = 1")) {
            rs.next();
            Timestamp floor = rs.getTimestamp(1);
            return new WatermarkRow(max, floor == null ? null : floor.toInstant(), rs.getLong(2));
        }
    }

    public void saveWatermark(Connection c, Map<Integer, Instant> maxByPartition, Instant floor, long lateDelta)
            throws SQLException {
        if (maxByPartition != null && !maxByPartition.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into watermark_partition (partition_id, max_event_time) values (?, ?) on conflict "
                            + "(partition_id) do update set max_event_time = greatest(watermark_partition.max_event_time, "
                            + "excluded.max_event_time)")) {
                for (Map.Entry<Integer, Instant> e : maxByPartition.entrySet()) {
                    ps.setInt(1, e.getKey());
                    ps.setTimestamp(2, Timestamp.from(e.getValue()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        try (PreparedStatement ps = c.prepareStatement(
                "update watermark_state set floor = greatest(floor, ?), late_events = late_events + ? where id = 1")) {
            ps.setTimestamp(1, floor == null ? null : Timestamp.from(floor));
            ps.setLong(2, lateDelta);
            ps.executeUpdate();
        }
    }

    // ---- definitions

    public Map<String, FunnelDefinition> definitions(Connection c) throws SQLException {
        Map<String, FunnelDefinition> out = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id, body from funnel_definition order by id")) {
            while (rs.next()) {
                out.put(rs.getString(1), read(rs.getString(2), FunnelDefinition.class));
            }
        }
        return out;
    }

    public void saveDefinition(Connection c, FunnelDefinition f) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into funnel_definition (id, body) values (?, ?::jsonb) "
                        + "on conflict (id) do update set body = excluded.body, updated_at = now()")) {
            ps.setString(1, f.id());
            ps.setString(2, write(f));
            ps.executeUpdate();
        }
    }

    public boolean deleteDefinition(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from funnel_definition where id = ?")) {
            ps.setString(1, id);
            boolean deleted = ps.executeUpdate() == 1;
            lockJourneyRevisions(c);
            try (PreparedStatement ps2 = c.prepareStatement(
                    "update journey set deleted = true, rev = nextval('journey_rev') where funnel_id = ? and not deleted")) {
                ps2.setString(1, id);
                ps2.executeUpdate();
            }
            return deleted;
        }
    }

    // ---- json

    public String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String s, Class<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    private <T> T read(String s, TypeReference<T> type) {
        try {
            return json.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
