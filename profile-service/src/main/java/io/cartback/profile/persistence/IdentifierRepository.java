package io.cartback.profile.persistence;

import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class IdentifierRepository implements PanacheRepositoryBase<IdentifierEntity, String> {

    public Uni<List<IdentifierEntity>> findByKeys(Collection<String> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("key in ?1", keys);
    }

    /** Moves an identifier only if it still belongs to {@code from}: 1 when it did, 0 when someone else moved it. */
    public Uni<Integer> move(String key, String from, String to) {
        return update("profileId = ?1 where key = ?2 and profileId = ?3", to, key, from);
    }

    /** Unlinks an identifier only if it still belongs to {@code from}. */
    public Uni<Long> unlink(String key, String from) {
        return delete("key = ?1 and profileId = ?2", key, from);
    }
}
