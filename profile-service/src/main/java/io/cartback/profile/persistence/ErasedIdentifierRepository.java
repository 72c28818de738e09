package io.cartback.profile.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ErasedIdentifierRepository implements PanacheRepositoryBase<ErasedIdentifierEntity, String> {

    /** The hashes among {@code hashes} that belong to erased identifiers. */
    public Uni<List<String>> erasedAmong(Collection<String> hashes) {
        if (hashes.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("keyHash in ?1", hashes).map(rows -> rows.stream().map(e -> e.keyHash).toList());
    }

    /** Blocks these hashes (already blocked ones stay as they are). */
    public Uni<Void> block(Collection<String> hashes, Instant at) {
        return erasedAmong(hashes).chain(existing -> {
            List<ErasedIdentifierEntity> fresh = hashes.stream().distinct().filter(h -> !existing.contains(h))
                    .map(h -> {
                        ErasedIdentifierEntity e = new ErasedIdentifierEntity();
                        e.keyHash = h;
                        e.erasedAt = at;
                        return e;
                    }).toList();
            return fresh.isEmpty() ? Uni.createFrom().voidItem() : persist(fresh);
        });
    }
}
