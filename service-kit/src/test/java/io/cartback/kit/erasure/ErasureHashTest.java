package io.cartback.kit.erasure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ErasureHashTest {
    static final String KEY = "test-erasure-key-000000000000000000";

    @Test
    void isTheHmacSha256OfTheErasureKeyAsLowerCaseHex() {
        // computed independently: printf 'userId:u-1' | openssl dgst -sha256 -hmac KEY
        assertEquals("4bc1702949de89558f4e5bcafc722e1e5406c3f26c97db902d59e49b54feb5cf",
                new ErasureHash(KEY).hash("userId:u-1"));
        assertEquals(new ErasureHash(KEY).hash("userId:u-1"), new ErasureHash(KEY).hash(ErasureHash.userId(" u-1 ")));
    }

    @Test
    void emailsAreOneMailboxWhateverTheCaseButIdsAreCaseSensitive() {
        ErasureHash h = new ErasureHash(KEY);
        assertEquals(h.hash(ErasureHash.email("ann@x.com")), h.hash(ErasureHash.email(" Ann@X.COM ")));
        assertNotEquals(h.hash(ErasureHash.userId("Ann")), h.hash(ErasureHash.userId("ann")));
        assertNotEquals(h.hash(ErasureHash.userId("a-1")), h.hash(ErasureHash.anonymousId("a-1")),
                "the type is part of what is hashed");
    }

    @Test
    void anotherKeyGivesOtherHashesAndShortKeysAreRefused() {
        assertNotEquals(new ErasureHash(KEY).hash("email:a@b.c"), new ErasureHash(KEY + "x").hash("email:a@b.c"));
        assertThrows(IllegalStateException.class, () -> new ErasureHash("too-short"));
    }
}
