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
import io.vertx.mutiny.sqlclient.RowSet;
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

    /**
     * A tombstone (GDPR erasure): everything this service holds about the person goes or is pseudonymised, in one
     * transaction. Their identifiers (from the local profile copy) select the rows: stored events are deleted,
     * unpublished outbox events for their shopper keys deleted, enrolments and sends keep only what the reports
     * count (campaign, step, state, times, holdout; the trigger without its ids) under a pseudonymous key
     * {@code erased:<enrollment id>},
     * pending steps are suppressed as {@code erased}, and the profile row stays as a bare "erased" marker (no
     * email, no snapshot, no identifiers) so a stale snapshot cannot bring it back. A later abandonment for the
     * same ids finds no profile, hence no address, and is never mailed (profile-service does not profile the
     * person again).
     */
    public Uni<Void> eraseProfile(String profileId) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                select identifier from profile_identifier where profile_id = $1
                union select 'email:' || lower(email) from profile where profile_id = $1 and email is not null""")
                .execute(Tuple.of(profileId))
                .flatMap(rows -> {
                    List<String> anon = new ArrayList<>();
                    List<String> users = new ArrayList<>();
                    List<String> emails = new ArrayList<>();
                    for (Row r : rows) {
                        String id = r.getString(0);
                        String value = id.substring(id.indexOf(':') + 1);
                        if (id.startsWith("anonymousId:")) {
                            anon.add(value);
                        } else if (id.startsWith("userId:")) {
                            users.add(value);
                        } else if (id.startsWith("email:")) {
                            emails.add(value);
                        }
                    }
                    List<String> keys = new ArrayList<>(anon);
                    keys.addAll(users);
                    keys.add("profile:" + profileId);
                    Tuple ids = Tuple.of(anon.toArray(new String[0]), users.toArray(new String[0]),
                            emails.toArray(new String[0]), keys.toArray(new String[0]));
                    return conn.preparedQuery("""
                            delete from shopper_event where anonymous_id = any($1) or user_id = any($2)
                                or lower(email) = any($3)""")
                            .execute(Tuple.of(ids.getValue(0), ids.getValue(1), ids.getValue(2)))
                            .flatMap(x -> conn.preparedQuery("""
                                    with erased as (
                                        select id, cart_id from enrollment
                                        where anonymous_id = any($1) or user_id = any($2) or shopper_key = any($4)
                                        for update),
                                    orders as (
                                        update recovery set cart_id = null
                                        where cart_id in (select cart_id from erased where cart_id is not null)),
                                    sends as (
                                        update send set cart_key = 'erased:' || enrollment_id, email = null,
                                            last_error = null, lease_until = case when state in ('PENDING', 'CLAIMED')
                                                then null else lease_until end,
                                            reason = case when state in ('PENDING', 'CLAIMED') then 'erased' else reason end,
                                            state = case when state in ('PENDING', 'CLAIMED') then 'SUPPRESSED' else state end
                                        where enrollment_id in (select id from erased)
                                            or lower(email) = any($3))
                                    update enrollment e set shopper_key = 'erased:' || e.id, cart_key = 'erased:' || e.id,
                                        anonymous_id = null, user_id = null, cart_id = null,
                                        trigger = (e.trigger::jsonb - 'shopperKey' - 'anonymousId' - 'userId'
                                            - 'cartId' - 'checkoutId')::text
                                    from erased where e.id = erased.id""").execute(ids))
                            .flatMap(x -> conn.preparedQuery("delete from outbox where msg_key = any($1)")
                                    .execute(Tuple.of(ids.getValue(3))))
                            .flatMap(x -> conn.preparedQuery("delete from profile_identifier where profile_id = $1")
                                    .execute(Tuple.of(profileId)))
                            .flatMap(x -> conn.preparedQuery("""
                                    insert into profile (profile_id, version, erased, email, snapshot, updated_at)
                                    values ($1, 9223372036854775807, true, null, null, null)
                                    on conflict (profile_id) do update set erased = true, email = null,
                                        snapshot = null, version = 9223372036854775807""")
                                    .execute(Tuple.of(profileId)));
                })).replaceWithVoid();
    }

    public Uni<ProfileRow> findProfile(List<String> identifiers) {
        return pool.preparedQuery("""
                select p.profile_id, p.version, p.erased, p.email, p.snapshot
                from profile_identifier i join profile p on p.profile_id = i.profile_id
                where i.identifier = any($1)
                order by (i.identifier like 'userId:%') desc, p.version desc limit 1""")
                .execute(Tuple.of(identifiers.toArray(new String[0])))
                .map(ShopperStore::firstProfile);
    }

    private static ProfileRow firstProfile(RowSet<Row> rows) {
        var it = rows.iterator();
        if (!it.hasNext()) {
            return null;
        }
        Row r = it.next();
        return new ProfileRow(r.getString("profile_id"), r.getLong("version"), r.getBoolean("erased"),
                r.getString("email"), r.getString("snapshot"));
    }

    public Uni<ProfileRow> findProfileById(String profileId) {
        return pool.preparedQuery("select profile_id, version, erased, email, snapshot from profile where profile_id = $1")
                .execute(Tuple.of(profileId))
                .map(ShopperStore::firstProfile);
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
