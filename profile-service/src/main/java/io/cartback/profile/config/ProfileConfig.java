package io.cartback.profile.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.cartback.profile.domain.IdType;
import io.cartback.profile.domain.IdentityRules;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Identity rules and processing settings of profile-service (prefix {@code cdp.profile}). */
@ConfigMapping(prefix = "cdp.profile")
public interface ProfileConfig {
    /** Most events per poll; one poll is one DB transaction. */
    @WithDefault("1000")
    int batchSize();

    /** Concurrent consumers per replica (mp.messaging.incoming.events-in.concurrency). */
    @WithDefault("3")
    int consumers();

    Limits limits();

    /** Identifier values that are never identities (case-insensitive), besides the built-in junk list. */
    Optional<List<String>> blockedValues();

    @WithDefault("20")
    int recentlyViewedLimit();

    @WithDefault("200")
    int purchasedProductsLimit();

    @WithDefault("100")
    int historyLimit();

    /** How long consumed message ids are remembered for de-duplication; keep above the topic's retention. */
    @WithDefault("8D")
    Duration processedRetention();

    /**
     * How often erased-identifier hashes not yet on cdp.erased-identifiers.v1 (Kafka down at erasure, a crash,
     * erasures from before the topic existed) are published again.
     */
    @WithDefault("30s")
    Duration erasedRelayInterval();

    /**
     * HMAC key (at least 32 characters) under which the identifiers of erased people are stored; changing it
     * unblocks every identifier erased before. No production default (env {@code CDP_ERASURE_KEY}).
     */
    String erasureKey();

    interface Limits {
        @WithDefault("5")
        int userId();

        @WithDefault("5")
        int email();

        @WithDefault("50")
        int anonymousId();

        @WithDefault("20")
        int deviceId();
    }

    default IdentityRules rules() {
        Map<IdType, Integer> limits = new EnumMap<>(IdType.class);
        limits.put(IdType.USER_ID, limits().userId());
        limits.put(IdType.EMAIL, limits().email());
        limits.put(IdType.ANONYMOUS_ID, limits().anonymousId());
        limits.put(IdType.DEVICE_ID, limits().deviceId());
        return new IdentityRules(limits, Set.copyOf(blockedValues().orElse(List.of())), recentlyViewedLimit(),
                purchasedProductsLimit(), historyLimit());
    }
}
