package io.cartback.profile.domain;

/** One identifier value of one type; {@link #key()} ("userId:u1") is how it is stored and published. */
public record Identifier(IdType type, String value) {

    public static Identifier userId(String value) {
        return new Identifier(IdType.USER_ID, value);
    }

    public static Identifier anonymousId(String value) {
        return new Identifier(IdType.ANONYMOUS_ID, value);
    }

    public static Identifier email(String value) {
        return new Identifier(IdType.EMAIL, value);
    }

    public static Identifier deviceId(String value) {
        return new Identifier(IdType.DEVICE_ID, value);
    }

    public String key() {
        return type.wireName() + ":" + value;
    }

    /**
     * The key an erasure blocks: {@link #key()}, with the whole address lower-cased for emails ({@code Ann@x.com}
     * and {@code ann@x.com} are one mailbox for practical purposes, so erasing one blocks both).
     */
    public String erasureKey() {
        return type == IdType.EMAIL ? type.wireName() + ":" + value.toLowerCase(java.util.Locale.ROOT) : key();
    }

    /** Parses "type:value"; throws IllegalArgumentException naming what is wrong. */
    public static Identifier parse(String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (colon <= 0 || colon == key.length() - 1) {
            throw new IllegalArgumentException("identifier must look like 'type:value', got '" + key + "'");
        }
        return new Identifier(IdType.fromWireName(key.substring(0, colon)), key.substring(colon + 1));
    }

    public boolean isWeak() {
        return type != IdType.USER_ID;
    }

    @Override
    public String toString() {
        return key();
    }
}
