package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.cartback.contracts.TrackedEvent;

class ErasureKeysTest {
    static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static TrackedEvent event(String type, String userId, String anonymousId, String previousId,
                              Map<String, Object> traits, Map<String, Object> context) {
        return new TrackedEvent("m-1", type, "Product Viewed", null, userId, anonymousId, previousId, null,
                anonymousId != null ? anonymousId : userId, T, T, null, T, "src", null, Map.of(), traits, context);
    }

    @Test
    void namesEveryIdentifierProfileServiceWouldLink() {
        TrackedEvent e = event("identify", " u-1 ", "a-1", null, Map.of("email", " Ann@Example.COM "),
                Map.of("traits", Map.of("email", "other@shop.example"), "device", Map.of("id", "d-1")));
        assertEquals(Set.of("userId:u-1", "anonymousId:a-1", "email:ann@example.com", "email:other@shop.example",
                "deviceId:d-1"), ErasureKeys.of(e));
    }

    @Test
    void anAliasPreviousIdIsCheckedAsUserIdAndAsAnonymousId() {
        TrackedEvent e = event("alias", "u-2", null, "old-1", null, null);
        assertEquals(Set.of("userId:u-2", "userId:old-1", "anonymousId:old-1"), ErasureKeys.of(e));
    }

    @Test
    void ignoresWhatIsNotAnIdentifier() {
        TrackedEvent e = event("track", null, "a-1", " ", Map.of("email", 42),
                Map.of("traits", "not a map", "device", Map.of("id", 7)));
        assertEquals(Set.of("anonymousId:a-1", "deviceId:7"), ErasureKeys.of(e));
    }
}
