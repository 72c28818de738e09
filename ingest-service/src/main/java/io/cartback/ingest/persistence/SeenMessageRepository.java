package io.cartback.ingest.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The dedupe window. This is the ingest hot path (one lookup and one insert per HTTP request, whatever the
 * batch size), so it uses set-based SQL on the reactive pool (= ANY / unnest) instead of one entity per row.
 */
@ApplicationScoped
public class SeenMessageRepository {
    private final Pool pool;

    public SeenMessageRepository(Pool pool) {
        this.pool = pool;
    }

    /** messageId -> fingerprint for the ids of this source already seen. */
    public Uni<Map<String, String>> find(UUID sourceId, List<String> messageIds) {
        return pool.preparedQuery("select message_id, fingerprint from seen_message where source_id = $1 "
                        + "and message_id = any($2)")
                .execute(Tuple.of(sourceId, messageIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, String> seen = new HashMap<>();
                    for (Row row : rows) {
                        seen.put(row.getString(0), row.getString(1));
                    }
                    return seen;
                });
    }

    public Uni<Void> remember(UUID sourceId, List<String> messageIds, List<String> fingerprints, Instant at) {
        return pool.preparedQuery("insert into seen_message (source_id, message_id, fingerprint, received_at) "
                        + "select $1, m, f, $4 from unnest($2::text[], $3::text[]) as t(m, f) on conflict do nothing")
                .execute(Tuple.of(sourceId, messageIds.toArray(String[]::new), fingerprints.toArray(String[]::new),
                        OffsetDateTime.ofInstant(at, ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    public Uni<Integer> purgeOlderThan(Instant cutoff) {
        return pool.preparedQuery("delete from seen_message where received_at < $1")
                .execute(Tuple.of(OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
