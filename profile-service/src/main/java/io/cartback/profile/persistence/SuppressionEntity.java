package io.cartback.profile.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An erased email address, as its SHA-256: never mailed again. */
@Entity
@Table(name = "suppression")
public class SuppressionEntity {
    @Id
    @Column(name = "email_hash")
    public String emailHash;

    @Column(name = "profile_id")
    public String profileId;

    @Column(name = "erased_at")
    public Instant erasedAt;
}
