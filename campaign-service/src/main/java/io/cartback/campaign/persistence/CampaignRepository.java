package io.cartback.campaign.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class CampaignRepository implements PanacheRepositoryBase<CampaignEntity, UUID> {

    public Uni<List<CampaignEntity>> listAllByCreation() {
        return listAll(Sort.by("createdAt"));
    }

    public Uni<List<CampaignEntity>> listByStatus(String status) {
        return list("status", Sort.by("createdAt"), status);
    }
}
