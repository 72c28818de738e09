package io.cartback.profile.persistence;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class ProcessedMessageRepository implements PanacheRepositoryBase<ProcessedMessageEntity, String> {

    public Uni<List<ProcessedMessageEntity>> findByIds(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("messageId in ?1", ids);
    }

    public Uni<Long> deleteOlderThan(Instant cutoff) {
        return delete("processedAt < ?1", cutoff);
    }
}
