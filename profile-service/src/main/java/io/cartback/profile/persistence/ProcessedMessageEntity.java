package io.cartback.profile.persistence;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A consumed messageId (idempotency) and the profile it touched (null when the event was skipped). */
@Entity
@Table(name = "processed_message")
public class ProcessedMessageEntity {
    @Id
    @Column(name = "message_id")
    public String messageId;

    @Column(name = "profile_id")
    public String profileId;

    @Column(name = "processed_at")
    public Instant processedAt;
}
