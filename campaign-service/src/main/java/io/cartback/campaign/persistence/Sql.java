package io.cartback.campaign.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** Small helpers for the reactive SQL client (timestamps travel as UTC OffsetDateTime). */
final class Sql {
    private Sql() {
    }

    static Tuple t(Object... args) {
        return Tuple.from(Arrays.asList(args));
    }

    static OffsetDateTime ts(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime o = row.getOffsetDateTime(column);
        return o == null ? null : o.toInstant();
    }
}
