package io.cartback.profile.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The batch consumer's writes as multi-row statements (one round trip per chunk instead of one entity per row):
 * at thousands of events per poll, entity-by-entity persistence was most of the batch time. Runs in the
 * caller's Panache transaction.
 */
@ApplicationScoped
public class BulkWriter {
    private static final int MAX_PARAMS = 30_000;

    public record ProcessedRow(String messageId, String profileId) {
    }

    public record IdentifierRow(String key, String idType, String profileId) {
    }

    public record NewProfileRow(String id, String doc) {
    }

    /** A checked update: applies only while the row still has {@code expectedVersion}. */
    public record ProfileUpdateRow(String id, long expectedVersion, String doc, String mergedInto) {
    }

    public Uni<Integer> insertProcessed(List<ProcessedRow> rows) {
        return chunked(rows, 2, "insert into processed_message (message_id, profile_id, processed_at) values ",
                "(cast(?%d as text), cast(?%d as text), now())", "", r -> new Object[]{r.messageId(), r.profileId()});
    }

    /** Plain INSERTs: an identifier another replica created meanwhile fails the transaction (then retried). */
    public Uni<Integer> insertIdentifiers(List<IdentifierRow> rows) {
        return chunked(rows, 3, "insert into identifier (key, id_type, profile_id) values ",
                "(cast(?%d as text), cast(?%d as text), cast(?%d as text))", "",
                r -> new Object[]{r.key(), r.idType(), r.profileId()});
    }

    public Uni<Integer> insertProfiles(List<NewProfileRow> rows) {
        return chunked(rows, 2, "insert into profile (id, row_version, doc, updated_at) values ",
                "(cast(?%d as text), 0, cast(?%d as text), now())", "", r -> new Object[]{r.id(), r.doc()});
    }

    /** @return rows updated; fewer than given means another writer changed one of them */
    public Uni<Integer> updateProfiles(List<ProfileUpdateRow> rows) {
        return chunked(rows, 4, "update profile p set doc = v.doc, merged_into = v.merged_into, "
                        + "row_version = p.row_version + 1, updated_at = now() from (values ",
                "(cast(?%d as text), cast(?%d as bigint), cast(?%d as text), cast(?%d as text))",
                ") as v(id, expected, doc, merged_into) where p.id = v.id and p.row_version = v.expected",
                r -> new Object[]{r.id(), r.expectedVersion(), r.doc(), r.mergedInto()});
    }

    private <T> Uni<Integer> chunked(List<T> rows, int width, String head, String tuple, String tail,
                                     Function<T, Object[]> params) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int perChunk = MAX_PARAMS / width;
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += perChunk) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + perChunk)));
        }
        return Panache.getSession().chain(session -> {
            Uni<Integer> total = Uni.createFrom().item(0);
            for (List<T> chunk : chunks) {
                total = total.chain(sum -> execute(session, chunk, width, head, tuple, tail, params)
                        .map(n -> sum + n));
            }
            return total;
        });
    }

    private static <T> Uni<Integer> execute(Mutiny.Session session, List<T> chunk, int width, String head,
                                            String tuple, String tail, Function<T, Object[]> params) {
        StringBuilder sql = new StringBuilder(head.length() + chunk.size() * (tuple.length() + 8) + tail.length());
        sql.append(head);
        Object[] values = new Object[chunk.size() * width];
        for (int i = 0; i < chunk.size(); i++) {
            if (i > 0) {
                sql.append(',');
            }
            Object[] p = params.apply(chunk.get(i));
            Object[] positions = new Object[width];
            for (int j = 0; j < width; j++) {
                positions[j] = i * width + j + 1;
                values[i * width + j] = p[j];
            }
            sql.append(String.format(tuple, positions));
        }
        sql.append(tail);
        Mutiny.Query<Object> q = session.createNativeQuery(sql.toString());
        for (int i = 0; i < values.length; i++) {
            q.setParameter(i + 1, values[i]);
        }
        return q.executeUpdate();
    }
}
