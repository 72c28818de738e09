package io.cartback.devinfra;

/** What the seeded fuzz tests share: hostile strings written as JSON text the way a client would send them. */
public final class FuzzJson {
    private FuzzJson() {
    }

    /** A JSON string literal; NUL, control characters and lone surrogates become backslash-u escapes. */
    public static String string(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
