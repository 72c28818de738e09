package io.cartback.profile.domain;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configurable part of identity resolution: how many identifiers of each type one profile may hold, which
 * values are never identities, and how much history a profile keeps.
 *
 * @param limits              per type, the most identifiers one profile holds; when a new one would exceed it,
 *                            the least recently seen identifier of that type is unlinked (it then starts a
 *                            profile of its own the next time it is seen)
 * @param blockedValues       values (case-insensitive, trimmed) that are never identities, besides the
 *                            built-in junk values
 * @param recentlyViewedLimit length of the browsing history
 * @param historyLimit        identity history entries kept per profile (oldest dropped first)
 */
public record IdentityRules(Map<IdType, Integer> limits, Set<String> blockedValues, int recentlyViewedLimit,
                            int purchasedProductsLimit, int historyLimit) {

    /** What storefronts send in id fields when they have no id (the same list as ingest's). */
    public static final Set<String> JUNK = Set.of("", "null", "undefined", "0", "-1", "anonymous", "nan", "none",
            "(not set)", "[object object]", "true", "false");

    public IdentityRules {
        limits = Map.copyOf(limits);
        blockedValues = blockedValues.stream().map(v -> v.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        for (IdType t : IdType.values()) {
            if (limits.getOrDefault(t, 0) < 1) {
                throw new IllegalArgumentException("limit for " + t.wireName() + " must be at least 1");
            }
        }
    }

    public static IdentityRules defaults() {
        Map<IdType, Integer> limits = new EnumMap<>(IdType.class);
        limits.put(IdType.USER_ID, 5);
        limits.put(IdType.EMAIL, 5);
        limits.put(IdType.ANONYMOUS_ID, 50);
        limits.put(IdType.DEVICE_ID, 20);
        return new IdentityRules(limits, Set.of(), 20, 200, 100);
    }

    public IdentityRules withLimit(IdType type, int limit) {
        Map<IdType, Integer> copy = new EnumMap<>(limits);
        copy.put(type, limit);
        return new IdentityRules(copy, blockedValues, recentlyViewedLimit, purchasedProductsLimit, historyLimit);
    }

    public IdentityRules withBlocked(Set<String> blocked) {
        return new IdentityRules(limits, blocked, recentlyViewedLimit, purchasedProductsLimit, historyLimit);
    }

    public int limit(IdType type) {
        return limits.get(type);
    }

    /** The identifier for a raw value, or empty when the value is junk, blocked or (for email) not an address. */
    public Optional<Identifier> identifier(IdType type, String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String v = raw.trim();
        String folded = v.toLowerCase(Locale.ROOT);
        if (JUNK.contains(folded) || blockedValues.contains(folded)) {
            return Optional.empty();
        }
        if (type == IdType.EMAIL) {
            return normaliseEmail(v).filter(e -> !blockedValues.contains(e.toLowerCase(Locale.ROOT)))
                    .map(Identifier::email);
        }
        return Optional.of(new Identifier(type, v));
    }

    /**
     * Trimmed, domain case-folded ("Ann@Example.COM" -> "Ann@example.com"): the domain is case-insensitive by
     * RFC 5321, the local part is not, so it is kept as sent. Anything without exactly one '@' with text on both
     * sides and a dot in the domain is not an address.
     */
    public static Optional<String> normaliseEmail(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String v = raw.trim();
        int at = v.indexOf('@');
        if (at <= 0 || at != v.lastIndexOf('@') || at == v.length() - 1 || v.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        String domain = v.substring(at + 1).toLowerCase(Locale.ROOT);
        if (!domain.contains(".") || domain.startsWith(".") || domain.endsWith(".")) {
            return Optional.empty();
        }
        return Optional.of(v.substring(0, at) + "@" + domain);
    }
}
