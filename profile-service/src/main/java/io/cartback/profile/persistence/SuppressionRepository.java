package io.cartback.profile.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SuppressionRepository implements PanacheRepositoryBase<SuppressionEntity, String> {

    public Uni<List<SuppressionEntity>> findByHashes(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("emailHash in ?1", hashes);
    }
}
