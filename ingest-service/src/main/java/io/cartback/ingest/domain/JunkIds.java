package io.cartback.ingest.domain;

import java.util.Locale;
import java.util.Set;

/**
 * Values that storefronts send in id fields when they have no id. They are not identities: two shoppers who
 * both send "undefined" are not one person.
 */
public final class JunkIds {
    private static final Set<String> JUNK = Set.of("", "null", "undefined", "0", "-1", "anonymous", "nan", "none",
            "(not set)", "[object object]");

    private JunkIds() {
    }

    public static boolean isJunk(String id) {
        return id == null || JUNK.contains(id.trim().toLowerCase(Locale.ROOT));
    }
}
