package io.cartback.ingest.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "source")
public class SourceEntity {
    @Id
    public UUID id;
    @Column(nullable = false)
    public String name;
    @Column(name = "write_key_hash", nullable = false, unique = true)
    public String writeKeyHash;
    @Column(name = "key_hint", nullable = false)
    public String keyHint;
    @Column(nullable = false)
    public boolean enabled;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "rotated_at")
    public Instant rotatedAt;
}
