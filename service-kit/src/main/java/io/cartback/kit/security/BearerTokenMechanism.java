package io.cartback.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.runtime.Startup;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns {@code Authorization: Bearer <token>} into the admin or marketer role. Tokens are compared in
 * constant time and never logged. A request without a bearer header stays anonymous, so endpoints with their
 * own credentials (write keys, signed links) keep working.
 */
@ApplicationScoped
@Startup
public class BearerTokenMechanism implements HttpAuthenticationMechanism {
    private static final int MIN_TOKEN_LENGTH = 24;
    private final byte[] adminToken;
    private final byte[] marketerToken;

    public BearerTokenMechanism(AuthConfig config) {
        this.adminToken = checked("cdp.auth.admin-token", config.adminToken());
        this.marketerToken = config.marketerToken().map(t -> checked("cdp.auth.marketer-token", t)).orElse(null);
    }

    private static byte[] checked(String name, String token) {
        if (token.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalStateException(name + " must be at least " + MIN_TOKEN_LENGTH + " characters");
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().optional(java.util.Optional.empty());
        }
        byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(presented, adminToken)) {
            return Uni.createFrom().item(identity("admin", Roles.ADMIN, Roles.MARKETER));
        }
        if (marketerToken != null && MessageDigest.isEqual(presented, marketerToken)) {
            return Uni.createFrom().item(identity("marketer", Roles.MARKETER));
        }
        return Uni.createFrom().failure(new io.quarkus.security.AuthenticationFailedException("bad bearer token"));
    }

    private static SecurityIdentity identity(String name, String... roles) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name));
        for (String role : roles) {
            builder.addRole(role);
        }
        return builder.build();
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(TokenAuthenticationRequest.class);
    }
}
