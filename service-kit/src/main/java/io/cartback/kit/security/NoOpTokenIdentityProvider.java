package io.cartback.kit.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * {@link BearerTokenMechanism} builds identities itself; Quarkus still wants a provider registered for the
 * credential type it declares. Anything routed here is refused.
 */
@ApplicationScoped
public class NoOpTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return Uni.createFrom().failure(new AuthenticationFailedException());
    }
}
