package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class WriteKeysTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicHeaderWithEmptyPasswordOrWithoutColonGivesTheKey() {
        assertEquals("wk_abc", WriteKeys.fromBasicHeader(basic("wk_abc:")));
        assertEquals("wk_abc", WriteKeys.fromBasicHeader(basic("wk_abc")));
        assertEquals("wk_abc", WriteKeys.fromBasicHeader(basic("wk_abc:ignored")));
    }

    @Test
    void otherHeadersGiveNoKey() {
        assertNull(WriteKeys.fromBasicHeader(null));
        assertNull(WriteKeys.fromBasicHeader("Bearer wk_abc"));
        assertNull(WriteKeys.fromBasicHeader("Basic !!!not-base64"));
        assertNull(WriteKeys.fromBasicHeader(basic(":")));
    }

    @Test
    void keysAreRandomAndStoredOnlyAsPepperedHash() {
        String k1 = WriteKeys.generate();
        String k2 = WriteKeys.generate();
        assertNotEquals(k1, k2);
        assertTrue(k1.startsWith("wk_") && k1.length() > 40);
        WriteKeys a = new WriteKeys("pepper-aaaaaaaaaaaa");
        WriteKeys b = new WriteKeys("pepper-bbbbbbbbbbbb");
        assertEquals(a.hash(k1), a.hash(k1));
        assertNotEquals(a.hash(k1), b.hash(k1));
        assertTrue(!a.hash(k1).contains(k1));
    }

    @Test
    void shortPepperIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WriteKeys("short"));
    }
}
