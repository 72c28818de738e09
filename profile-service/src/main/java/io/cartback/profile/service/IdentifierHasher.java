package io.cartback.profile.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.profile.config.ProfileConfig;
import io.cartback.profile.domain.Identifier;

/**
 * HMAC-SHA256 of an identifier's {@link Identifier#erasureKey() erasure key} ({@code email:x@y.z}) under {@code cdp.profile.erasure-key}: what the
 * erased-identifier block list stores. Without the key a leaked table cannot be checked against guessed
 * addresses or user ids, as a plain hash could.
 */
@ApplicationScoped
public class IdentifierHasher {
    private final SecretKeySpec key;

    public IdentifierHasher(ProfileConfig config) {
        String k = config.erasureKey();
        if (k.length() < 32) {
            throw new IllegalStateException("cdp.profile.erasure-key (CDP_ERASURE_KEY) must be at least 32 characters");
        }
        this.key = new SecretKeySpec(k.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public String hash(Identifier id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(id.erasureKey().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
