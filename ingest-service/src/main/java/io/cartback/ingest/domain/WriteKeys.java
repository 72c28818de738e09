package io.cartback.ingest.domain;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Write keys: generated from 32 random bytes, shown to the admin once, stored only as HMAC-SHA256 under a
 * server-side pepper, so a database dump does not reveal keys that can send events.
 */
public final class WriteKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final byte[] pepper;

    public WriteKeys(String pepper) {
        if (pepper == null || pepper.length() < 16) {
            throw new IllegalArgumentException("the write-key pepper must be at least 16 characters");
        }
        this.pepper = pepper.getBytes(StandardCharsets.UTF_8);
    }

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "wk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public String hash(String writeKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pepper, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(writeKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last four characters, to tell keys apart in listings without revealing them. */
    public static String hint(String writeKey) {
        return "..." + writeKey.substring(Math.max(0, writeKey.length() - 4));
    }

    /**
     * The write key from an {@code Authorization: Basic} header: Segment SDKs send base64("key:"), some clients
     * base64("key") without the colon. Null when the header is absent or not Basic.
     */
    public static String fromBasicHeader(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String key = colon >= 0 ? decoded.substring(0, colon) : decoded;
        return key.isEmpty() ? null : key;
    }
}
