package io.cartback.ingest.domain;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.cartback.contracts.TrackedEvent;
import io.cartback.kit.erasure.ErasureHash;

/**
 * Every identifier a call names, as the erasure keys profile-service blocks when it erases a person: userId,
 * anonymousId, alias previousId (read both as a userId and as an anonymousId, as profile-service may read it
 * either way), the email in {@code traits} and in {@code context.traits}, and {@code context.device.id}. A call
 * naming any of them that is erased is not published.
 */
public final class ErasureKeys {
    private ErasureKeys() {
    }

    public static Set<String> of(TrackedEvent e) {
        Set<String> keys = new LinkedHashSet<>(8);
        if (usable(e.userId())) {
            keys.add(ErasureHash.userId(e.userId()));
        }
        if (usable(e.anonymousId())) {
            keys.add(ErasureHash.anonymousId(e.anonymousId()));
        }
        if (usable(e.previousId())) {
            keys.add(ErasureHash.userId(e.previousId()));
            keys.add(ErasureHash.anonymousId(e.previousId()));
        }
        Map<String, Object> context = e.context() == null ? Map.of() : e.context();
        email(e.traits(), keys);
        email(map(context.get("traits")), keys);
        Object deviceId = map(context.get("device")).get("id");
        if (deviceId instanceof String s && usable(s)) {
            keys.add(ErasureHash.deviceId(s));
        } else if (deviceId instanceof Number n) {
            keys.add(ErasureHash.deviceId(n.toString()));
        }
        return keys;
    }

    private static void email(Map<String, Object> traits, Set<String> keys) {
        if (traits != null && traits.get("email") instanceof String s && usable(s)) {
            keys.add(ErasureHash.email(s));
        }
    }

    private static boolean usable(String s) {
        return s != null && !s.isBlank();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
