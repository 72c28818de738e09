package io.cartback.campaign.persistence;

import static io.cartback.campaign.persistence.Sql.instant;
import static io.cartback.campaign.persistence.Sql.t;
import static io.cartback.campaign.persistence.Sql.ts;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Enrolments, the per-step send rows and their state machine, the outbox and the persisted watermark. The
 * unique keys (campaign, cart) and (campaign, cart, step) plus the conditional state updates are what make an
 * email go out at most once per cart and step whatever Kafka redelivers or whichever replica runs.
 */
@ApplicationScoped
public class SendStore {
    private final Pool pool;

    public SendStore(Pool pool) {
        this.pool = pool;
    }

    public record NewEnrollment(UUID campaignId, String cartKey, String abandonmentId, String shopperKey,
            String anonymousId, String userId, String cartId, boolean holdout, String triggerJson,
            Instant lastActivityAt, Instant abandonedAt, List<Duration> stepDelays) {
    }

    /** A claimed send with what the dispatcher needs from its enrolment. */
    public record Claimed(long id, UUID campaignId, int stepIndex, Instant dueAt, boolean holdout, int attempts,
            long enrollmentId, String shopperKey, String anonymousId, String userId, String cartId,
            String abandonmentId, String triggerJson, Instant lastActivityAt, Instant abandonedAt) {
    }

    public enum EnrollResult { ENROLLED, RESCHEDULED, DUPLICATE }

    /**
     * Enrols a cart once per campaign. A redelivered or repeated abandonment with the same last activity is a
     * no-op; one with a later last activity (the cart changed) moves the pending steps' due times.
     */
    public Uni<EnrollResult> enroll(NewEnrollment n) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into enrollment (campaign_id, cart_key, abandonment_id, shopper_key, anonymous_id, user_id,
                    cart_id, holdout, trigger, last_activity_at, abandoned_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
                on conflict (campaign_id, cart_key) do update set abandonment_id = excluded.abandonment_id,
                    trigger = excluded.trigger, last_activity_at = excluded.last_activity_at,
                    abandoned_at = excluded.abandoned_at
                where enrollment.last_activity_at < excluded.last_activity_at
                returning id, (xmax = 0) as inserted""")
                .execute(t(n.campaignId(), n.cartKey(), n.abandonmentId(), n.shopperKey(), n.anonymousId(),
                        n.userId(), n.cartId(), n.holdout(), n.triggerJson(), ts(n.lastActivityAt()),
                        ts(n.abandonedAt())))
                .flatMap(rows -> {
                    if (rows.rowCount() == 0) {
                        return Uni.createFrom().item(EnrollResult.DUPLICATE);
                    }
                    Row r = rows.iterator().next();
                    long enrollmentId = r.getLong("id");
                    boolean inserted = r.getBoolean("inserted");
                    List<Tuple> batch = new ArrayList<>();
                    for (int i = 0; i < n.stepDelays().size(); i++) {
                        Instant due = n.lastActivityAt().plus(n.stepDelays().get(i));
                        batch.add(inserted
                                ? t(enrollmentId, n.campaignId(), i, n.cartKey(), n.holdout(), ts(due))
                                : t(enrollmentId, i, ts(due)));
                    }
                    String sql = inserted ? """
                            insert into send (enrollment_id, campaign_id, step_index, cart_key, holdout, due_at, state)
                            values ($1, $2, $3, $4, $5, $6, 'PENDING')
                            on conflict (campaign_id, cart_key, step_index) do nothing"""
                            : "update send set due_at = $3 where enrollment_id = $1 and step_index = $2 and state = 'PENDING'";
                    return conn.preparedQuery(sql).executeBatch(batch)
                            .replaceWith(inserted ? EnrollResult.ENROLLED : EnrollResult.RESCHEDULED);
                }));
    }

    /** Claims up to {@code limit} due sends of active campaigns with a lease; replicas skip each other's rows. */
    public Uni<List<Claimed>> claimDue(Instant watermark, Instant wallNow, int limit, Duration lease) {
        return pool.preparedQuery("""
                with due as (
                    select s.id from send s join campaign c on c.id = s.campaign_id
                    where s.state = 'PENDING' and s.due_at <= $1 and s.next_attempt_at <= $2 and c.status = 'ACTIVE'
                    order by s.due_at limit $3
                    for update of s skip locked)
                update send s set state = 'CLAIMED', lease_until = $4
                from due, enrollment e
                where s.id = due.id and e.id = s.enrollment_id
                returning s.id, s.campaign_id, s.step_index, s.due_at, s.holdout, s.attempts, e.id as enrollment_id,
                    e.shopper_key, e.anonymous_id, e.user_id, e.cart_id, e.abandonment_id, e.trigger,
                    e.last_activity_at, e.abandoned_at""")
                .execute(t(ts(watermark), ts(wallNow), limit, ts(wallNow.plus(lease))))
                .map(rows -> {
                    List<Claimed> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Claimed(r.getLong("id"), r.getUUID("campaign_id"), r.getInteger("step_index"),
                                instant(r, "due_at"), r.getBoolean("holdout"), r.getInteger("attempts"),
                                r.getLong("enrollment_id"), r.getString("shopper_key"), r.getString("anonymous_id"),
                                r.getString("user_id"), r.getString("cart_id"), r.getString("abandonment_id"),
                                r.getString("trigger"), instant(r, "last_activity_at"), instant(r, "abandoned_at")));
                    }
                    out.sort((a, b) -> a.dueAt().compareTo(b.dueAt()));
                    return out;
                });
    }

    /**
     * After a crash: a CLAIMED row past its lease never reached SMTP and goes back to PENDING; a SENDING row past
     * its lease may or may not have been accepted by the relay and becomes UNKNOWN (never re-sent, reported).
     */
    public Uni<int[]> recoverExpiredLeases(Instant wallNow) {
        Uni<Integer> back = pool.preparedQuery(
                "update send set state = 'PENDING', lease_until = null where state = 'CLAIMED' and lease_until < $1")
                .execute(t(ts(wallNow))).map(r -> r.rowCount());
        Uni<Integer> unknown = pool.preparedQuery("""
                update send set state = 'UNKNOWN', reason = 'outcome_unknown', lease_until = null
                where state = 'SENDING' and lease_until < $1""").execute(t(ts(wallNow))).map(r -> r.rowCount());
        return back.flatMap(b -> unknown.map(u -> new int[] {b, u}));
    }

    /**
     * The last write before SMTP, for a whole batch in one statement: from here on a crash leaves an UNKNOWN,
     * never a second email. Returns the ids that were still CLAIMED (and are now SENDING).
     */
    public Uni<Set<Long>> markSending(List<Long> ids, List<String> emails) {
        return pool.preparedQuery("""
                update send s set state = 'SENDING', email = v.email, attempts = s.attempts + 1
                from unnest($1::bigint[], $2::text[]) as v(id, email)
                where s.id = v.id and s.state = 'CLAIMED'
                returning s.id""")
                .execute(t(ids.toArray(new Long[0]), emails.toArray(new String[0])))
                .map(rows -> {
                    Set<Long> out = new HashSet<>();
                    rows.forEach(r -> out.add(r.getLong("id")));
                    return out;
                });
    }

    /** SENT and its "Email Sent" event in one statement (one atomic commit, one round trip). */
    public Uni<Void> markSent(long id, Instant sentAt, Instant wallNow, String outboxKey, String outboxPayload) {
        return pool.preparedQuery("""
                with sent as (
                    update send set state = 'SENT', sent_at = $2, sent_wall_at = $3, lease_until = null,
                        last_error = null
                    where id = $1 and state = 'SENDING' returning id)
                insert into outbox (msg_key, payload) select $4, $5 from sent""")
                .execute(t(id, ts(sentAt), ts(wallNow), outboxKey, outboxPayload)).replaceWithVoid();
    }

    /** SMTP refused or failed before accepting: back to PENDING with backoff, or FAILED after the last attempt. */
    public Uni<Void> markRetry(long id, Instant nextAttempt, String error, boolean giveUp) {
        return pool.preparedQuery("""
                update send set state = case when $4 then 'FAILED' else 'PENDING' end,
                    reason = case when $4 then 'smtp_failed' else reason end,
                    next_attempt_at = $2, last_error = $3, lease_until = null
                where id = $1 and state = 'SENDING'""")
                .execute(t(id, ts(nextAttempt), error, giveUp)).replaceWithVoid();
    }

    public Uni<Void> markDeferred(long id, Instant until, boolean quietHours) {
        return pool.preparedQuery("""
                update send set state = 'PENDING', due_at = $2, lease_until = null,
                    quiet_deferrals = quiet_deferrals + case when $3 then 1 else 0 end,
                    cart_deferrals = cart_deferrals + case when $3 then 0 else 1 end
                where id = $1 and state = 'CLAIMED'""")
                .execute(t(id, ts(until), quietHours)).replaceWithVoid();
    }

    public Uni<Void> markSuppressed(long id, String reason, String email) {
        return pool.preparedQuery("""
                update send set state = 'SUPPRESSED', reason = $2, email = $3, lease_until = null
                where id = $1 and state = 'CLAIMED'""")
                .execute(t(id, reason, email)).replaceWithVoid();
    }

    public Uni<Void> markHeldOut(long id, Instant at, String email) {
        return pool.preparedQuery("""
                update send set state = 'HELD_OUT', sent_at = $2, email = $3, lease_until = null
                where id = $1 and state = 'CLAIMED'""")
                .execute(t(id, ts(at), email)).replaceWithVoid();
    }

    /** Release a claim untouched (e.g. the campaign vanished). */
    public Uni<Void> release(long id) {
        return pool.preparedQuery("update send set state = 'PENDING', lease_until = null where id = $1 and state = 'CLAIMED'")
                .execute(t(id)).replaceWithVoid();
    }

    // --- tracking

    public record Tracked(long id, UUID campaignId, String campaignName, int stepIndex, String email,
            String shopperKey, String anonymousId, String userId, String cartId, String abandonmentId, String state) {
    }

    public Uni<Tracked> tracked(long sendId) {
        return pool.preparedQuery("""
                select s.id, s.campaign_id, c.name, s.step_index, s.email, s.state, e.shopper_key, e.anonymous_id,
                    e.user_id, e.cart_id, e.abandonment_id
                from send s join enrollment e on e.id = s.enrollment_id join campaign c on c.id = s.campaign_id
                where s.id = $1""")
                .execute(t(sendId))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return new Tracked(r.getLong("id"), r.getUUID("campaign_id"), r.getString("name"),
                            r.getInteger("step_index"), r.getString("email"), r.getString("shopper_key"),
                            r.getString("anonymous_id"), r.getString("user_id"), r.getString("cart_id"),
                            r.getString("abandonment_id"), r.getString("state"));
                });
    }

    /** First open (or click) of a send sets its timestamp and queues the event; later ones change nothing. */
    public Uni<Boolean> recordInteraction(long sendId, boolean click, Instant at, String key, String payload) {
        String column = click ? "clicked_at" : "opened_at";
        String also = click ? ", opened_at = coalesce(opened_at, $2)" : "";
        return pool.withTransaction(conn -> conn.preparedQuery(
                "update send set " + column + " = $2" + also + " where id = $1 and " + column + " is null and state = 'SENT'")
                .execute(t(sendId, ts(at)))
                .flatMap(r -> r.rowCount() == 1 ? outbox(conn, key, payload).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    /** The opt-out is stored locally (blocks sends at once) and queued as an Unsubscribed event, atomically. */
    public Uni<Boolean> recordUnsubscribe(String messageId, String anonymousId, String userId, String email,
            Instant at, String key, String payload) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into shopper_event (message_id, kind, anonymous_id, user_id, email, event_time)
                values ($1, 'UNSUBSCRIBE', $2, $3, $4, $5) on conflict (message_id) do nothing""")
                .execute(t(messageId, anonymousId, userId, email, ts(at)))
                .flatMap(r -> r.rowCount() == 1 ? outbox(conn, key, payload).replaceWith(true)
                        : Uni.createFrom().item(false)));
    }

    public Uni<Void> queueEvent(String key, String payload) {
        return pool.withConnection(conn -> outbox(conn, key, payload));
    }

    private static Uni<Void> outbox(SqlConnection conn, String key, String payload) {
        return conn.preparedQuery("insert into outbox (msg_key, payload) values ($1, $2)")
                .execute(t(key, payload)).replaceWithVoid();
    }

    // --- outbox relay

    public record OutboxRow(long id, String key, String payload) {
    }

    /**
     * Runs {@code publish} on a locked batch and deletes the rows only when it succeeded. A crash after the
     * broker's ack but before the commit republishes the batch; events carry deterministic messageIds, so
     * consumers drop the duplicates.
     */
    public Uni<Integer> drainOutbox(int limit, java.util.function.Function<List<OutboxRow>, Uni<Void>> publish) {
        return pool.withTransaction(conn -> conn.preparedQuery(
                "select id, msg_key, payload from outbox order by id limit $1 for update skip locked")
                .execute(t(limit))
                .flatMap(rows -> {
                    List<OutboxRow> batch = new ArrayList<>();
                    rows.forEach(r -> batch.add(new OutboxRow(r.getLong("id"), r.getString("msg_key"),
                            r.getString("payload"))));
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    Long[] ids = batch.stream().map(OutboxRow::id).toArray(Long[]::new);
                    return publish.apply(batch)
                            .flatMap(x -> conn.preparedQuery("delete from outbox where id = any($1)")
                                    .execute(Tuple.of(ids)))
                            .replaceWith(batch.size());
                }));
    }

    // --- watermark

    public Uni<Instant> loadWatermark() {
        return pool.query("select value from watermark where id = 1").execute()
                .map(rows -> rows.iterator().hasNext() ? instant(rows.iterator().next(), "value") : null);
    }

    public Uni<Void> saveWatermark(Instant value) {
        return pool.preparedQuery("""
                insert into watermark (id, value) values (1, $1)
                on conflict (id) do update set value = greatest(watermark.value, excluded.value)""")
                .execute(t(ts(value))).replaceWithVoid();
    }

    // --- reports

    public record StepStateCount(int stepIndex, boolean holdout, String state, String reason, long count,
            long opened, long clicked, long quietDeferrals, long cartDeferrals) {
    }

    public Uni<List<StepStateCount>> stepCounts(UUID campaignId) {
        return pool.preparedQuery("""
                select step_index, holdout, state, coalesce(reason, '') as reason, count(*) as n,
                    count(opened_at) as opened, count(clicked_at) as clicked,
                    coalesce(sum(quiet_deferrals), 0) as quiet, coalesce(sum(cart_deferrals), 0) as cart
                from send where campaign_id = $1 group by 1, 2, 3, 4 order by 1, 2, 3, 4""")
                .execute(t(campaignId))
                .map(rows -> {
                    List<StepStateCount> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new StepStateCount(r.getInteger("step_index"), r.getBoolean("holdout"),
                            r.getString("state"), r.getString("reason"), r.getLong("n"), r.getLong("opened"),
                            r.getLong("clicked"), r.getLong("quiet"), r.getLong("cart"))));
                    return out;
                });
    }

    public record GroupOutcome(boolean holdout, long enrolled, long recovered, BigDecimal revenue) {
    }

    /**
     * Recovered = the first order by the enrolled shopper (by the abandonment's ids, or linked to the abandonment
     * by funnel-service) placed after the cart's last activity and within the attribution window.
     */
    public Uni<List<GroupOutcome>> outcomes(UUID campaignId, Duration window) {
        return pool.preparedQuery("""
                select e.holdout, count(*) as enrolled, count(o.order_id) as recovered,
                    coalesce(sum(o.revenue), 0) as revenue
                from enrollment e left join lateral (
                    select x.order_id, x.revenue from (
                        select order_id, revenue, event_time as at from shopper_event o
                        where o.kind = 'ORDER' and (o.anonymous_id in (e.anonymous_id, e.shopper_key)
                            or o.user_id in (e.user_id, e.shopper_key))
                        union all
                        select order_id, revenue, ordered_at as at from recovery r
                        where r.abandonment_id = e.abandonment_id or r.cart_id = e.cart_id
                    ) x
                    where x.at >= e.last_activity_at and x.at <= e.abandoned_at + make_interval(secs => $2)
                    order by x.at limit 1) o on true
                where e.campaign_id = $1
                group by e.holdout""")
                .execute(t(campaignId, (double) window.toSeconds()))
                .map(rows -> {
                    List<GroupOutcome> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new GroupOutcome(r.getBoolean("holdout"), r.getLong("enrolled"),
                            r.getLong("recovered"), r.getBigDecimal("revenue"))));
                    return out;
                });
    }
}
