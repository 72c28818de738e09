package io.cartback.ingest.domain;

import java.time.Instant;
import java.util.UUID;

/** A storefront (or backend) that sends events with its own write key. */
public record Source(UUID id, String name, String keyHint, boolean enabled, Instant createdAt, Instant rotatedAt) {
}
