package io.cartback.profile.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A published IdentityMerge (JSON), kept so a redelivered batch can publish it again. */
@Entity
@Table(name = "merge_log")
public class MergeLogEntity {
    @Id
    @Column(name = "merge_id")
    public String mergeId;

    @Column(name = "caused_by_message_id")
    public String causedByMessageId;

    @Column(name = "surviving_profile_id")
    public String survivingProfileId;

    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;
}
