package io.cartback.profile.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.kit.erasure.ErasureHash;
import io.cartback.profile.config.ProfileConfig;
import io.cartback.profile.domain.Identifier;

/**
 * The keyed hash of an identifier's {@link Identifier#erasureKey() erasure key} ({@code email:x@y.z}) under
 * {@code cdp.profile.erasure-key}: what the erased-identifier block list stores and what goes to
 * cdp.erased-identifiers.v1. The hash itself is {@link ErasureHash}, shared with ingest-service, which computes
 * the same hashes for incoming calls.
 */
@ApplicationScoped
public class IdentifierHasher {
    private final ErasureHash hash;

    public IdentifierHasher(ProfileConfig config) {
        this.hash = new ErasureHash(config.erasureKey());
    }

    public String hash(Identifier id) {
        return hash.hash(id.erasureKey());
    }
}
