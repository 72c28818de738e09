package io.cartback.kit.security;

/** The roles bearer tokens carry. The admin token also has the marketer role. */
public final class Roles {
    public static final String ADMIN = "admin";
    public static final String MARKETER = "marketer";

    private Roles() {
    }
}
