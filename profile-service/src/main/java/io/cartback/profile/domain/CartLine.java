package io.cartback.profile.domain;

import java.time.Instant;

/** One line of the current cart: the newest product data seen for it, its quantity, when it last changed. */
public record CartLine(Product product, long quantity, Instant touchedAt) {
}
