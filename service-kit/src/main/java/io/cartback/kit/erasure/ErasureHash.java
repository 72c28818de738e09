package io.cartback.kit.erasure;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hash under which an erased person's identifiers are blocked (GDPR): HMAC-SHA256 of the identifier's
 * erasure key ({@code userId:u-1}, {@code email:ann@x.com}) under {@code CDP_ERASURE_KEY}, as lower-case hex.
 * profile-service writes these hashes (table {@code erased_identifier}, topic {@code cdp.erased-identifiers.v1});
 * ingest-service computes them for every incoming call to drop the calls of erased people. Both must build the
 * erasure key the same way, hence this one class. Without the key, a leaked hash cannot be tested against guessed
 * addresses or ids, as a plain hash could.
 */
public final class ErasureHash {
    /** Shorter keys are refused: the key is what keeps the hashes from being reversed by guessing. */
    public static final int MIN_KEY_LENGTH = 32;
    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    public ErasureHash(String secret) {
        if (secret == null || secret.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("the erasure key (CDP_ERASURE_KEY) must be at least " + MIN_KEY_LENGTH
                    + " characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /** The hex HMAC of an erasure key as built by {@link #userId}, {@link #email} and the others. */
    public String hash(String erasureKey) {
        Mac mac = macs.get();
        return HexFormat.of().formatHex(mac.doFinal(erasureKey.getBytes(StandardCharsets.UTF_8)));
    }

    public static String userId(String raw) {
        return "userId:" + raw.trim();
    }

    public static String anonymousId(String raw) {
        return "anonymousId:" + raw.trim();
    }

    public static String deviceId(String raw) {
        return "deviceId:" + raw.trim();
    }

    /** The whole address lower-cased: {@code Ann@X.com} and {@code ann@x.com} are one mailbox for practical purposes. */
    public static String email(String raw) {
        return "email:" + raw.trim().toLowerCase(Locale.ROOT);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
