package io.cartback.profile.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProfileRepository implements PanacheRepositoryBase<ProfileEntity, String> {

    public Uni<List<ProfileEntity>> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("id in ?1", ids);
    }

    public Uni<List<ProfileEntity>> mergedIntoAny(java.util.Collection<String> ids) {
        return list("mergedInto in ?1", ids);
    }

    /** Live profiles: neither merged into another nor erased. */
    public Uni<Long> countLive() {
        return count("mergedInto is null and erasedAt is null");
    }

    public Uni<Long> countMergedAway() {
        return count("mergedInto is not null");
    }

    public Uni<Long> countErased() {
        return count("erasedAt is not null");
    }
}
