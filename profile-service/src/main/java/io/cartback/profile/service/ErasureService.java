package io.cartback.profile.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.profile.domain.Identifier;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.domain.ProfileEngine;
import io.cartback.profile.domain.Workspace;
import io.cartback.profile.messaging.ProfilePublisher;
import io.cartback.profile.persistence.ErasedIdentifierRepository;
import io.cartback.profile.persistence.IdentifierRepository;
import io.cartback.profile.persistence.MergeLogRepository;
import io.cartback.profile.persistence.ProfileDocuments;
import io.cartback.profile.persistence.ProfileEntity;
import io.cartback.profile.persistence.ProfileRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * GDPR erasure: in one transaction the identifiers are unlinked, the document emptied, the merge log of the
 * profile deleted and every identifier blocked (as a keyed hash, so no later event profiles the person again); after
 * the commit a tombstone goes to cdp.profiles.v1 so every consumer erases its copy, and the hashes go to
 * cdp.erased-identifiers.v1 so ingest-service stops taking their calls. Erasing again republishes the tombstone
 * (idempotent).
 */
@ApplicationScoped
public class ErasureService {
    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final MergeLogRepository mergeLog;
    private final ErasedIdentifierRepository erasedIdentifiers;
    private final IdentifierHasher hasher;
    private final ProfileDocuments documents;
    private final ProfileBatchService batch;
    private final ProfilePublisher publisher;
    private final ErasedIdentifierRelay relay;

    public record Erased(String profileId, int identifiersRemoved, int emailsSuppressed, boolean alreadyErased) {
    }

    public ErasureService(ProfileRepository profiles, IdentifierRepository identifiers, MergeLogRepository mergeLog,
                          ErasedIdentifierRepository erasedIdentifiers, IdentifierHasher hasher,
                          ProfileDocuments documents, ProfileBatchService batch,
                          ProfilePublisher publisher, ErasedIdentifierRelay relay) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.mergeLog = mergeLog;
        this.erasedIdentifiers = erasedIdentifiers;
        this.hasher = hasher;
        this.documents = documents;
        this.batch = batch;
        this.publisher = publisher;
        this.relay = relay;
    }

    /** Empty when no profile has this id. */
    public Uni<Optional<Erased>> erase(String requestedId) {
        return Panache.withTransaction(() -> profiles.findById(requestedId).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(Optional.<Erased>empty());
            }
            if (row.mergedInto != null) {
                return profiles.findById(row.mergedInto).chain(this::eraseRow);
            }
            return eraseRow(row);
        })).call(result -> result.isPresent()
                ? publisher.tombstone(result.get().profileId())
                : Uni.createFrom().voidItem())
                // ingest-service drops their later calls once it has the hashes; the relay's schedule retries
                // what fails here, so a 200 means the block reached Kafka and a failure is repaired later
                .call(result -> result.isPresent() ? relay.publishPending() : Uni.createFrom().voidItem());
    }

    private Uni<Optional<Erased>> eraseRow(ProfileEntity row) {
        if (row.erasedAt != null || row.doc == null) {
            return Uni.createFrom().item(Optional.of(new Erased(row.id, 0, 0, true)));
        }
        Profile p = documents.read(row);
        Map<Identifier, String> owners = new HashMap<>();
        p.identifierSet().forEach(i -> owners.put(i, p.id()));
        ProfileEngine.Erasure erasure = batch.engine().erase(p, new Workspace(owners, List.of(p), java.util.Set.of(),
                () -> {
                    throw new IllegalStateException("erasure creates no profiles");
                }));
        Instant now = Instant.now();
        row.doc = null;
        row.erasedAt = now;
        row.updatedAt = now;
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Identifier id : erasure.identifiers()) {
            chain = chain.chain(() -> identifiers.unlink(id.key(), p.id())).replaceWithVoid();
        }
        chain = chain.chain(() -> mergeLog.deleteForProfile(p.id())).replaceWithVoid();
        List<String> hashes = erasure.identifiers().stream().map(hasher::hash).toList();
        return chain.chain(() -> erasedIdentifiers.block(hashes, now))
                .map(x -> Optional.of(new Erased(p.id(), erasure.identifiers().size(), (int) erasure.emails(), false)));
    }
}
