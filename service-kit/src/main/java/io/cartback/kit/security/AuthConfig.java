package io.cartback.kit.security;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * Bearer tokens. {@code %prod} has no default: a service without {@code CDP_ADMIN_TOKEN} does not start.
 */
@ConfigMapping(prefix = "cdp.auth")
public interface AuthConfig {
    /** Full access (sources, profiles, erasure, campaigns, funnels). At least 24 characters. */
    String adminToken();

    /** Campaigns and funnel reports only. Optional; at least 24 characters when set. */
    Optional<String> marketerToken();
}
