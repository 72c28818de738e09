package io.cartback.profile.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
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

    /** Up to {@code limit} hashes not yet acknowledged on cdp.erased-identifiers.v1, oldest first. */
    public Uni<List<ErasedIdentifierEntity>> unpublished(int limit) {
        return find("publishedAt is null", Sort.by("erasedAt")).range(0, limit - 1).list();
    }

    public Uni<Integer> markPublished(Collection<String> hashes, Instant at) {
        return update("publishedAt = ?1 where keyHash in ?2", at, hashes);
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
