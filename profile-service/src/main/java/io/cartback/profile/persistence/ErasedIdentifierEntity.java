package io.cartback.profile.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An identifier of an erased person, as a keyed hash (see {@code IdentifierHasher}): never profiled again. */
@Entity
@Table(name = "erased_identifier")
public class ErasedIdentifierEntity {
    @Id
    @Column(name = "key_hash")
    public String keyHash;

    @Column(name = "erased_at")
    public Instant erasedAt;

    /** When Kafka acknowledged it on cdp.erased-identifiers.v1; null while still to publish. */
    @Column(name = "published_at")
    public Instant publishedAt;
}
