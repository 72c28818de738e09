package io.cartback.profile.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class MergeLogRepository implements PanacheRepositoryBase<MergeLogEntity, String> {

    public Uni<List<MergeLogEntity>> causedBy(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("causedByMessageId in ?1", messageIds);
    }

    public Uni<Long> deleteForProfile(String profileId) {
        return delete("survivingProfileId", profileId);
    }
}
