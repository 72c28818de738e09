package io.cartback.profile.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A profile row: the domain document as JSON, or a pointer to the profile it was merged into. */
@Entity
@Table(name = "profile")
public class ProfileEntity {
    @Id
    public String id;

    /** Optimistic lock: a batch that read an older row fails its flush and is retried from fresh state. */
    @Version
    @Column(name = "row_version")
    public long rowVersion;

    public String doc;

    @Column(name = "merged_into")
    public String mergedInto;

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
