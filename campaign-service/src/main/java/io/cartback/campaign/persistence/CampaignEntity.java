package io.cartback.campaign.persistence;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A campaign row: the marketer's spec as JSON, its status and an optimistic-lock version. */
@Entity
@Table(name = "campaign")
public class CampaignEntity {
    @Id
    public UUID id;
    @Column(nullable = false)
    public String name;
    @Column(nullable = false)
    public String status;
    @Column(nullable = false)
    public String definition;
    @Version
    public long version;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
