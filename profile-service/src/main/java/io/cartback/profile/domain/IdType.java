package io.cartback.profile.domain;

/** The kinds of identifier a profile can carry, strongest first. Only {@link #USER_ID} never moves between profiles. */
public enum IdType {
    USER_ID("userId"),
    EMAIL("email"),
    ANONYMOUS_ID("anonymousId"),
    DEVICE_ID("deviceId");

    private final String wireName;

    IdType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static IdType fromWireName(String name) {
        for (IdType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown identifier type '" + name + "'");
    }
}
