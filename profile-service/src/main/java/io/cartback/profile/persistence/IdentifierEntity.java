package io.cartback.profile.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One edge of the identity graph: identifier key ("userId:u1") -> owning profile. */
@Entity
@Table(name = "identifier")
public class IdentifierEntity {
    @Id
    public String key;

    @Column(name = "id_type")
    public String idType;

    @Column(name = "profile_id")
    public String profileId;
}
