package io.cartback.ingest.persistence;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class SourceRepository implements PanacheRepositoryBase<SourceEntity, UUID> {

    public Uni<SourceEntity> findByKeyHash(String hash) {
        return find("writeKeyHash", hash).firstResult();
    }

    public Uni<List<SourceEntity>> listByCreation() {
        return listAll(Sort.by("createdAt"));
    }
}
