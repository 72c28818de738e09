package io.cartback.ingest.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ErasedSetTest {

    static String hex(Random random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Test
    void holdsEveryAddedHashAndNothingElseThroughManyGrowths() {
        Random random = new Random(42);
        ErasedSet set = new ErasedSet();
        Set<String> added = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String h = hex(random);
            assertTrue(set.add(h));
            added.add(h);
        }
        assertEquals(100_000, set.size());
        for (String h : added) {
            assertTrue(set.contains(h), h);
        }
        for (int i = 0; i < 100_000; i++) {
            assertFalse(set.contains(hex(random)), "a hash never added");
        }
        // at most half full, so between 16 and 32 bytes per identifier
        assertTrue(set.tableBytes() <= 32L * set.size() && set.tableBytes() >= 16L * set.size(), set.tableBytes() + " bytes");
    }

    @Test
    void addingAgainChangesNothingAndCaseOfTheHexDoesNotMatter() {
        ErasedSet set = new ErasedSet();
        String h = "4bc1702949de89558f4e5bcafc722e1e5406c3f26c97db902d59e49b54feb5cf";
        assertTrue(set.add(h));
        assertFalse(set.add(h.toUpperCase()));
        assertEquals(1, set.size());
        assertTrue(set.contains(h.toUpperCase()));
    }

    @Test
    void aPrefixOfZerosIsStillAHashAndJunkIsRefused() {
        ErasedSet set = new ErasedSet();
        set.add("0000000000000000" + "ab".repeat(24));
        assertTrue(set.contains("0000000000000000" + "ab".repeat(24)));
        assertThrows(IllegalArgumentException.class, () -> set.add("not-hex-at-all!!!"));
        assertThrows(IllegalArgumentException.class, () -> set.add("abc"));
    }
}
