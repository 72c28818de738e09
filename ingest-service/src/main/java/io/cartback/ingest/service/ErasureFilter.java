package io.cartback.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.contracts.TrackedEvent;
import io.cartback.ingest.config.IngestConfig;
import io.cartback.ingest.domain.ErasedSet;
import io.cartback.ingest.domain.ErasureKeys;
import io.cartback.ingest.messaging.ErasedIdentifiersConsumer;
import io.cartback.kit.erasure.ErasureHash;

/**
 * Tells whether a call names an erased person: any of its identifiers ({@link ErasureKeys}), hashed under the
 * erasure key shared with profile-service, is in the set read from cdp.erased-identifiers.v1.
 */
@ApplicationScoped
public class ErasureFilter {
    private final ErasureHash hash;
    private final ErasedSet erased;

    public ErasureFilter(IngestConfig config, ErasedIdentifiersConsumer consumer) {
        this.hash = new ErasureHash(config.erasureKey());
        this.erased = consumer.set();
    }

    public boolean namesErasedPerson(TrackedEvent event) {
        if (erased.size() == 0) {
            return false;
        }
        for (String key : ErasureKeys.of(event)) {
            if (erased.contains(hash.hash(key))) {
                return true;
            }
        }
        return false;
    }
}
