package io.cartback.campaign.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.campaign.persistence.ShopperStore;
import io.cartback.contracts.ProfileSnapshot;
import io.smallrye.mutiny.Uni;

/**
 * cdp.profiles.v1 (compacted) -> the local profile copy, indexed by every identifier. Older versions are dropped;
 * a tombstone erases the profile for good.
 */
@ApplicationScoped
public class ProfileConsumer {
    private static final Logger LOG = Logger.getLogger(ProfileConsumer.class);
    private final ObjectMapper mapper;
    private final ShopperStore store;

    public ProfileConsumer(ObjectMapper mapper, ShopperStore store) {
        this.mapper = mapper;
        this.store = store;
    }

    @Incoming("profiles-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            if (record.key() == null) {
                return Uni.createFrom().voidItem();
            }
            return Dependencies.retryWhileUnreachable(() -> store.eraseProfile(record.key()), "campaign erasure", LOG);
        }
        ProfileSnapshot p;
        try {
            p = mapper.readValue(record.value(), ProfileSnapshot.class);
        } catch (Exception e) {
            LOG.errorf("skipping unreadable profile at offset %d: %s", record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        String id = p.profileId() != null ? p.profileId() : record.key();
        if (id == null) {
            return Uni.createFrom().voidItem();
        }
        List<String> identifiers = new ArrayList<>();
        if (p.userIds() != null) {
            p.userIds().stream().filter(v -> v != null && !v.isBlank()).forEach(v -> identifiers.add("userId:" + v));
        }
        if (p.anonymousIds() != null) {
            p.anonymousIds().stream().filter(v -> v != null && !v.isBlank())
                    .forEach(v -> identifiers.add("anonymousId:" + v));
        }
        String email = p.email() == null || p.email().isBlank() ? null : p.email().trim().toLowerCase(Locale.ROOT);
        if (email != null) {
            identifiers.add("email:" + email);
        }
        return Dependencies.retryWhileUnreachable(() -> store.upsertProfile(id, p.version(), email, record.value(),
                p.updatedAt(), identifiers), "campaign profile", LOG).replaceWithVoid();
    }
}
