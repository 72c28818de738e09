package io.cartback.funnel.service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.funnel.domain.Journey;
import io.cartback.funnel.persistence.FunnelStore;

/**
 * The journeys of all shoppers (every replica's, read from the shared journey table), in memory, caught up
 * incrementally by revision before each report. A report is then an in-memory scan of compact rows: this is
 * what makes reports fast (see docs/benchmarks.md). Memory: roughly 0.5 KB per journey.
 */
@ApplicationScoped
public class JourneyIndex {
    private final Db db;
    private final FunnelStore store;
    private final Map<String, Map<String, Journey>> byFunnel = new ConcurrentHashMap<>();
    private long lastRev;

    public JourneyIndex(Db db, FunnelStore store) {
        this.db = db;
        this.store = store;
    }

    public synchronized void refresh() {
        lastRev = db.tx(c -> store.readJourneyChanges(c, lastRev, change -> {
            if (change.journey() == null) {
                String id = change.journeyId();
                Map<String, Journey> m = byFunnel.get(id.substring(0, id.indexOf('|')));
                if (m != null) {
                    m.remove(id);
                }
            } else {
                Journey j = change.journey();
                byFunnel.computeIfAbsent(j.funnelId(), k -> new ConcurrentHashMap<>()).put(j.journeyId(), j);
            }
        }));
    }

    public Collection<Journey> journeys(String funnelId) {
        refresh();
        Map<String, Journey> m = byFunnel.get(funnelId);
        return m == null ? List.of() : m.values();
    }
}
