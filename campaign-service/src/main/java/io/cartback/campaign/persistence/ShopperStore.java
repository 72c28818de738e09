package io.cartback.campaign.persistence;

import static io.cartback.campaign.persistence.Sql.instant;
import static io.cartback.campaign.persistence.Sql.t;
import static io.cartback.campaign.persistence.Sql.ts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The local copies of other services' data this service re-checks at send time: profiles (by id and by every
 * identifier) and the orders, unsubscribes, cart changes and discounts seen on the event stream.
 */
@ApplicationScoped
public class ShopperStore {
    private final Pool pool;

    public ShopperStore(Pool pool) {
        this.pool = pool;
    }

    public record ProfileRow(String profileId, long version, boolean erased, String email, String snapshotJson) {
    }

    public record ShopperEventRow(String messageId, String kind, String anonymousId, String userId, String email,
            Instant eventTime, String cartId, String orderId, BigDecimal revenue, String currency,
            BigDecimal discount) {
    }

    /** Facts from the event stream for one shopper since a cart's last activity. */
    public record Facts(boolean ordered, Instant lastUnsubscribe, Instant lastCartChange, BigDecimal discount,
            List<Instant> sendsToAddress) {
    }

    /** Stores a snapshot unless a newer (or equal) version, or an erasure, is already stored. */
    public Uni<Boolean> upsertProfile(String profileId, long version, String email, String json, Instant updatedAt,
            List<String> identifiers) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into profile (profile_id, version, erased, email, snapshot, updated_at)
                values ($1, $2, false, $3, $4, $5)
                on conflict (profile_id) do update set version = excluded.version, email = excluded.email,
                    snapshot = excluded.snapshot, updated_at = excluded.updated_at
                where profile.version < excluded.version and not profile.erased
                returning profile_id""")
                .execute(t(profileId, version, email, json, ts(updatedAt)))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(false);
                    }
                    Uni<?> delete = conn.preparedQuery("delete from profile_identifier where profile_id = $1")
                            .execute(Tuple.of(profileId));
                    if (identifiers.isEmpty()) {
                        return delete.replaceWith(true);
                    }
                    List<Tuple> batch = new ArrayList<>();
                    identifiers.forEach(i -> batch.add(Tuple.of(i, profileId)));
                    return delete.flatMap(x -> conn.preparedQuery("""
                            insert into profile_identifier (identifier, profile_id) values ($1, $2)
                            on conflict (identifier) do update set profile_id = excluded.profile_id""")
                            .executeBatch(batch)).replaceWith(true);
                }));
    }

    /** A tombstone: the profile is erased for good; identifiers keep pointing at it so sends see the erasure. */
    public Uni<Void> eraseProfile(String profileId) {
        return pool.preparedQuery("""
                insert into profile (profile_id, version, erased, email, snapshot, updated_at)
                values ($1, 9223372036854775807, true, null, null, null)
                on conflict (profile_id) do update set erased = true, email = null, snapshot = null""")
                .execute(Tuple.of(profileId)).replaceWithVoid();
    }

    public Uni<ProfileRow> findProfile(List<String> identifiers) {
        return pool.preparedQuery("""
                select p.profile_id, p.version, p.erased, p.email, p.snapshot
                from profile_identifier i join profile p on p.profile_id = i.profile_id
                where i.identifier = any($1)
                order by (i.identifier like 'userId:%') desc, p.version desc limit 1""")
                .execute(Tuple.of(identifiers.toArray(new String[0])))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new ProfileRow(r.getString("profile_id"), r.getLong("version"), r.getBoolean("erased"),
                            r.getString("email"), r.getString("snapshot"));
                });
    }

    public Uni<ProfileRow> findProfileById(String profileId) {
        return pool.preparedQuery("select profile_id, version, erased, email, snapshot from profile where profile_id = $1")
                .execute(Tuple.of(profileId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new ProfileRow(r.getString("profile_id"), r.getLong("version"), r.getBoolean("erased"),
                            r.getString("email"), r.getString("snapshot"));
                });
    }

    public Uni<Void> recordEvent(ShopperEventRow e) {
        return pool.preparedQuery("""
                insert into shopper_event (message_id, kind, anonymous_id, user_id, email, event_time, cart_id,
                    order_id, revenue, currency, discount)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) on conflict (message_id) do nothing""")
                .execute(t(e.messageId(), e.kind(), e.anonymousId(), e.userId(), e.email(), ts(e.eventTime()),
                        e.cartId(), e.orderId(), e.revenue(), e.currency(), e.discount()))
                .replaceWithVoid();
    }

    public Uni<Void> recordRecovery(String orderId, String abandonmentId, String cartId, BigDecimal revenue,
            String currency, Instant orderedAt) {
        return pool.preparedQuery("""
                insert into recovery (order_id, abandonment_id, cart_id, revenue, currency, ordered_at)
                values ($1, $2, $3, $4, $5, $6) on conflict (order_id) do nothing""")
                .execute(t(orderId, abandonmentId, cartId, revenue, currency, ts(orderedAt))).replaceWithVoid();
    }

    public Uni<Facts> facts(String[] anonymousIds, String[] userIds, String email, Instant since,
            String abandonmentId, String cartId, Instant sendsSince) {
        return pool.preparedQuery("""
                select
                  exists (select 1 from shopper_event where kind = 'ORDER' and event_time >= $4
                          and (anonymous_id = any($1) or user_id = any($2) or ($3::text is not null and email = $3)))
                  or exists (select 1 from recovery where ordered_at >= $4
                          and (abandonment_id = $5 or ($6::text is not null and cart_id = $6))) as ordered,
                  (select max(event_time) from shopper_event where kind = 'UNSUBSCRIBE'
                          and (anonymous_id = any($1) or user_id = any($2) or ($3::text is not null and email = $3)))
                    as last_unsubscribe,
                  (select max(event_time) from shopper_event where kind = 'CART_CHANGE'
                          and (anonymous_id = any($1) or user_id = any($2))) as last_cart_change,
                  (select discount from shopper_event where kind = 'DISCOUNT'
                          and (anonymous_id = any($1) or user_id = any($2))
                          order by event_time desc limit 1) as discount,
                  array(select sent_at from send where state = 'SENT' and $3::text is not null and email = $3
                          and sent_at > $7) as sends""")
                .execute(t(anonymousIds, userIds, email, ts(since), abandonmentId, cartId, ts(sendsSince)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    List<Instant> sends = new ArrayList<>();
                    java.time.OffsetDateTime[] arr = r.getArrayOfOffsetDateTimes("sends");
                    if (arr != null) {
                        for (java.time.OffsetDateTime o : arr) {
                            sends.add(o.toInstant());
                        }
                    }
                    return new Facts(Boolean.TRUE.equals(r.getBoolean("ordered")), instant(r, "last_unsubscribe"),
                            instant(r, "last_cart_change"), r.getBigDecimal("discount"), sends);
                });
    }
}
