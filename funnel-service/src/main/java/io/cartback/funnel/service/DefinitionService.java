package io.cartback.funnel.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.persistence.FunnelStore;
import io.quarkus.scheduler.Scheduled;

/**
 * Funnel definitions: the built-in checkout funnel (unless a stored definition with id "checkout" replaces it)
 * plus the stored ones. Cached; reloaded every 30 s so other replicas' changes arrive.
 */
@ApplicationScoped
public class DefinitionService {
    private final Db db;
    private final FunnelStore store;
    private volatile Map<String, FunnelDefinition> cache;

    public DefinitionService(Db db, FunnelStore store) {
        this.db = db;
        this.store = store;
        reload();
    }

    @Scheduled(every = "30s", delayed = "30s")
    void reload() {
        Map<String, FunnelDefinition> m = new LinkedHashMap<>();
        m.put(FunnelDefinition.CHECKOUT, FunnelDefinition.defaultCheckout());
        m.putAll(db.tx(store::definitions));
        cache = m;
    }

    public List<FunnelDefinition> all() {
        return new ArrayList<>(cache.values());
    }

    public Optional<FunnelDefinition> find(String id) {
        return Optional.ofNullable(cache.get(id));
    }

    public void save(FunnelDefinition f) {
        db.tx(c -> {
            store.saveDefinition(c, f);
            return null;
        });
        reload();
    }

    public boolean delete(String id) {
        boolean deleted = db.tx(c -> store.deleteDefinition(c, id));
        reload();
        return deleted;
    }
}
