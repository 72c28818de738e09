package io.cartback.profile.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Small value types of a {@link Profile}. */
public final class ProfileRecords {
    private ProfileRecords() {
    }

    /** Why and when an identifier joined its profile, and when it was last seen. */
    public record IdentityLink(String reason, String messageId, Instant linkedAt, Instant lastSeenAt) {
        IdentityLink seen(Instant at) {
            return at.isAfter(lastSeenAt) ? new IdentityLink(reason, messageId, linkedAt, at) : this;
        }
    }

    /** A trait value with the event time it was set at (last write wins by this time). */
    public record TraitValue(Object value, Instant at) {
    }

    /** A string fact with the event time it was seen at (last write wins by this time). */
    public record Stamped(String value, Instant at) {
        static Stamped newer(Stamped a, Stamped b) {
            if (a == null) {
                return b;
            }
            if (b == null) {
                return a;
            }
            return b.at().isAfter(a.at()) ? b : a;
        }
    }

    /**
     * Email-marketing consent. {@code emailMarketing} null: the shopper never said. Last write wins by
     * {@code changedAt}.
     */
    public record ConsentState(Boolean emailMarketing, Instant changedAt, String source, boolean unsubscribed) {
        public static final ConsentState UNKNOWN = new ConsentState(null, null, null, false);

        ConsentState newer(ConsentState other) {
            if (other == null || other.changedAt() == null) {
                return this;
            }
            if (changedAt == null || other.changedAt().isAfter(changedAt)) {
                return other;
            }
            return this;
        }
    }

    /** A product the shopper looked at. */
    public record ViewedProduct(Product product, String currency, Instant viewedAt) {
    }

    /** One line of the identity history: a merge, a refused merge, a relink or an eviction. */
    public record HistoryEntry(Instant at, String kind, String detail, String messageId, String otherProfileId,
                               List<String> identifiers) {
    }

    /** Facts computed from events. */
    public record Facts(Instant firstSeen, Instant lastSeen, long orders, BigDecimal revenue, Instant lastOrderAt,
                        List<String> purchasedProductIds, List<String> orderIds, Stamped deviceType,
                        Stamped channel, Stamped timezone, Stamped locale) {
        public static final Facts EMPTY = new Facts(null, null, 0, BigDecimal.ZERO, null, List.of(), List.of(),
                null, null, null, null);
    }
}
