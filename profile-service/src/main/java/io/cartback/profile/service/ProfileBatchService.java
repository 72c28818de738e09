package io.cartback.profile.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.profile.config.ProfileConfig;
import io.cartback.profile.domain.IdType;
import io.cartback.profile.domain.Identifier;
import io.cartback.profile.domain.IdentityRules;
import io.cartback.profile.domain.MergeRecord;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.domain.ProfileEngine;
import io.cartback.profile.domain.ProfileEvent;
import io.cartback.profile.domain.Workspace;
import io.cartback.profile.messaging.SnapshotMapper;
import io.cartback.profile.persistence.BulkWriter;
import io.cartback.profile.persistence.IdentifierEntity;
import io.cartback.profile.persistence.ErasedIdentifierRepository;
import io.cartback.profile.persistence.IdentifierRepository;
import io.cartback.profile.persistence.MergeLogEntity;
import io.cartback.profile.persistence.MergeLogRepository;
import io.cartback.profile.persistence.ProcessedMessageRepository;
import io.cartback.profile.persistence.ProfileDocuments;
import io.cartback.profile.persistence.ProfileEntity;
import io.cartback.profile.persistence.ProfileRepository;
import io.cartback.profile.persistence.SuppressionEntity;
import io.cartback.profile.persistence.SuppressionRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The use case "apply a batch of events": load the slice of the identity graph the batch names, run the domain
 * rules, write back under optimistic checks, all in one transaction. A conflict with another replica (an
 * identifier that moved, a profile row whose version changed, an identifier inserted twice) rolls the whole
 * batch back and runs it again from fresh state: the database is the arbiter across replicas.
 */
@ApplicationScoped
public class ProfileBatchService {
    private static final Logger LOG = Logger.getLogger(ProfileBatchService.class);
    private final ProfileEngine engine;
    private final IdentifierRepository identifiers;
    private final ProfileRepository profiles;
    private final ProcessedMessageRepository processed;
    private final MergeLogRepository mergeLog;
    private final SuppressionRepository suppressions;
    private final ErasedIdentifierRepository erasedIdentifiers;
    private final IdentifierHasher hasher;
    private final ProfileDocuments documents;
    private final BulkWriter bulk;
    private final ObjectMapper json;
    private final Counter applied;
    private final Counter skipped;
    private final Counter duplicates;
    private final Counter retries;

    public ProfileBatchService(ProfileConfig config, IdentifierRepository identifiers, ProfileRepository profiles,
                               ProcessedMessageRepository processed, MergeLogRepository mergeLog,
                               SuppressionRepository suppressions, ErasedIdentifierRepository erasedIdentifiers,
                               IdentifierHasher hasher, ProfileDocuments documents, BulkWriter bulk,
                               ObjectMapper json, MeterRegistry metrics) {
        this.bulk = bulk;
        this.engine = new ProfileEngine(config.rules());
        this.identifiers = identifiers;
        this.profiles = profiles;
        this.processed = processed;
        this.mergeLog = mergeLog;
        this.suppressions = suppressions;
        this.erasedIdentifiers = erasedIdentifiers;
        this.hasher = hasher;
        this.documents = documents;
        this.json = json;
        this.applied = metrics.counter("cdp.profile.events", "outcome", "applied");
        this.skipped = metrics.counter("cdp.profile.events", "outcome", "skipped");
        this.duplicates = metrics.counter("cdp.profile.events", "outcome", "duplicate");
        this.retries = metrics.counter("cdp.profile.batch.retries");
    }

    public ProfileEngine engine() {
        return engine;
    }

    public Uni<BatchOutcome> apply(List<ProfileEvent> events) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> applyInTransaction(events)))
                .onFailure().invoke(e -> {
                    retries.increment();
                    LOG.warnf("batch of %d events failed, retrying from fresh state: %s", events.size(), e.toString());
                })
                .onFailure().retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(2)).atMost(8)
                .invoke(o -> {
                    applied.increment(o.applied());
                    skipped.increment(o.skipped());
                    duplicates.increment(o.duplicates());
                });
    }

    private Uni<BatchOutcome> applyInTransaction(List<ProfileEvent> events) {
        long[] marks = new long[4];
        marks[3] = System.nanoTime();
        Set<String> messageIds = new LinkedHashSet<>();
        events.forEach(e -> messageIds.add(e.messageId()));
        return processed.findByIds(messageIds).chain(done -> {
            Map<String, String> doneProfiles = new HashMap<>();
            done.forEach(d -> doneProfiles.put(d.messageId, d.profileId));
            List<ProfileEvent> fresh = new ArrayList<>();
            Set<String> seen = new HashSet<>(doneProfiles.keySet());
            for (ProfileEvent e : events) {
                if (seen.add(e.messageId())) {
                    fresh.add(e);
                }
            }
            int dupCount = events.size() - fresh.size();
            Set<String> keys = new LinkedHashSet<>();
            Set<String> hashes = new LinkedHashSet<>();
            for (ProfileEvent e : fresh) {
                keys.addAll(engine.lookupKeys(e));
                engine.rules().identifier(IdType.EMAIL, e.email()).ifPresent(i -> hashes.add(Workspace.emailHash(i.value())));
            }
            Map<String, Identifier> byHash = new HashMap<>();
            keys.forEach(k -> {
                Identifier i = Identifier.parse(k);
                byHash.put(hasher.hash(i), i);
            });
            return identifiers.findByKeys(keys).chain(owned -> {
                Map<Identifier, String> owners = new HashMap<>();
                Set<String> profileIds = new LinkedHashSet<>();
                for (IdentifierEntity i : owned) {
                    owners.put(Identifier.parse(i.key), i.profileId);
                    profileIds.add(i.profileId);
                }
                doneProfiles.values().stream().filter(v -> v != null).forEach(profileIds::add);
                return profiles.findByIds(profileIds).chain(rows -> {
                    // a redelivered message's profile may have been merged since: load where it points, too
                    Set<String> loaded = new HashSet<>();
                    rows.forEach(r -> loaded.add(r.id));
                    Set<String> pointed = new LinkedHashSet<>();
                    rows.stream().filter(r -> r.mergedInto != null && !loaded.contains(r.mergedInto))
                            .forEach(r -> pointed.add(r.mergedInto));
                    return profiles.findByIds(pointed).map(more -> {
                        List<ProfileEntity> all = new ArrayList<>(rows);
                        all.addAll(more);
                        return all;
                    });
                }).chain(rows -> suppressions.findByHashes(hashes)
                        .chain(sup -> erasedIdentifiers.erasedAmong(byHash.keySet()).map(erasedHashes -> {
                            Set<Identifier> erased = new HashSet<>();
                            erasedHashes.forEach(h -> erased.add(byHash.get(h)));
                            return new Blocked(sup, erased);
                        }))
                        // everything was read: detach it, the writes below are explicit checked statements
                        .call(() -> Panache.getSession().invoke(s -> s.clear()))
                        .chain(blocked -> {
                    marks[0] = System.nanoTime();
                    Set<String> redeliveredProfiles = new LinkedHashSet<>(doneProfiles.values());
                    return applyLoaded(fresh, dupCount, owners, rows, blocked, redeliveredProfiles,
                            doneProfiles.keySet(), marks);
                }));
            });
        });
    }

    /** The batch's identifiers that must not be profiled: legacy email suppressions and erased identifiers. */
    private record Blocked(List<SuppressionEntity> suppressions, Set<Identifier> erased) {
    }

    private Uni<BatchOutcome> applyLoaded(List<ProfileEvent> fresh, int dupCount, Map<Identifier, String> owners,
                                          List<ProfileEntity> rows, Blocked blocked,
                                          Set<String> redeliveredProfiles, Set<String> redeliveredMessages,
                                          long[] marks) {
        Map<String, ProfileEntity> entities = new LinkedHashMap<>();
        List<Profile> live = new ArrayList<>();
        Map<String, String> mergedPointers = new HashMap<>();
        for (ProfileEntity row : rows) {
            entities.put(row.id, row);
            if (row.mergedInto != null) {
                mergedPointers.put(row.id, row.mergedInto);
            } else if (row.doc != null && row.erasedAt == null) {
                live.add(documents.read(row));
            }
        }
        for (Map.Entry<Identifier, String> o : owners.entrySet()) {
            if (live.stream().noneMatch(p -> p.id().equals(o.getValue()))) {
                throw new ConcurrentUpdateException(o.getKey().key() + " points at profile " + o.getValue()
                        + " which is not live");
            }
        }
        Set<String> suppressed = new HashSet<>();
        blocked.suppressions().forEach(s -> suppressed.add(s.emailHash));
        Workspace ws = new Workspace(owners, live, suppressed, blocked.erased(), () -> UUID.randomUUID().toString());
        Map<String, String> touched = new LinkedHashMap<>();
        int appliedCount = 0;
        for (ProfileEvent e : fresh) {
            ProfileEngine.Result r = engine.apply(e, ws);
            touched.put(e.messageId(), r.profileId());
            if (r.applied()) {
                appliedCount++;
            }
        }
        ws.finish();
        marks[1] = System.nanoTime();
        Map<String, String> removed = ws.removedProfiles();
        Instant now = Instant.now();

        // 1. identity graph, each change checked against the owner this batch read
        Uni<Void> chain = Uni.createFrom().voidItem();
        List<BulkWriter.IdentifierRow> inserts = new ArrayList<>();
        for (Workspace.Move m : ws.identifierMoves()) {
            String key = m.identifier().key();
            if (m.from() == null) {
                inserts.add(new BulkWriter.IdentifierRow(key, m.identifier().type().wireName(), m.to()));
            } else if (m.to() == null) {
                chain = chain.chain(() -> identifiers.unlink(key, m.from())).invoke(n -> check(n, key)).replaceWithVoid();
            } else {
                chain = chain.chain(() -> identifiers.move(key, m.from(), m.to())).invoke(n -> check(n, key)).replaceWithVoid();
            }
        }
        chain = chain.chain(() -> bulk.insertIdentifiers(inserts)).replaceWithVoid();

        // 2. profiles: changed ones written whole under their row_version, merged-away ones point onwards
        List<ProfileSnapshot> snapshots = new ArrayList<>();
        List<BulkWriter.NewProfileRow> newRows = new ArrayList<>();
        List<BulkWriter.ProfileUpdateRow> updates = new ArrayList<>();
        for (Profile p : ws.changedProfiles()) {
            ProfileEntity row = entities.get(p.id());
            if (row == null) {
                newRows.add(new BulkWriter.NewProfileRow(p.id(), documents.write(p)));
            } else {
                updates.add(new BulkWriter.ProfileUpdateRow(p.id(), row.rowVersion, documents.write(p), null));
            }
            snapshots.add(SnapshotMapper.toSnapshot(p, now));
        }
        List<String> tombstones = new ArrayList<>();
        for (Map.Entry<String, String> r : removed.entrySet()) {
            if (ws.isCreated(r.getKey())) {
                continue;
            }
            ProfileEntity row = entities.get(r.getKey());
            updates.add(new BulkWriter.ProfileUpdateRow(row.id, row.rowVersion, null, r.getValue()));
            tombstones.add(r.getKey());
            String loser = r.getKey();
            String survivor = r.getValue();
            // keep every pointer one hop long, so a lookup by an old id never walks a chain
            chain = chain.chain(() -> profiles.update("mergedInto = ?1 where mergedInto = ?2", survivor, loser))
                    .replaceWithVoid();
        }
        chain = chain.chain(() -> bulk.insertProfiles(newRows)).replaceWithVoid()
                .chain(() -> bulk.updateProfiles(updates)).invoke(n -> {
                    if (n != updates.size()) {
                        throw new ConcurrentUpdateException((updates.size() - n)
                                + " profile(s) changed since this batch read them");
                    }
                }).replaceWithVoid();

        // 3. idempotency records and the merges to publish
        List<BulkWriter.ProcessedRow> processedRows = new ArrayList<>();
        touched.forEach((messageId, profileId) -> processedRows.add(new BulkWriter.ProcessedRow(messageId,
                profileId == null ? null : removed.getOrDefault(profileId, profileId))));
        chain = chain.chain(() -> bulk.insertProcessed(processedRows)).replaceWithVoid();
        List<BatchOutcome.MergeMessage> merges = new ArrayList<>();
        List<MergeLogEntity> mergeRows = new ArrayList<>();
        for (MergeRecord m : ws.merges()) {
            byte[] payload = bytes(new IdentityMerge(m.mergeId(), m.survivingProfileId(), m.mergedProfileIds(),
                    m.identifiers(), m.reason(), m.causedByMessageId(), m.eventTime()));
            merges.add(new BatchOutcome.MergeMessage(m.survivingProfileId(), payload));
            MergeLogEntity row = new MergeLogEntity();
            row.mergeId = m.mergeId();
            row.causedByMessageId = m.causedByMessageId();
            row.survivingProfileId = m.survivingProfileId();
            row.payload = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
            row.createdAt = now;
            mergeRows.add(row);
        }
        if (!mergeRows.isEmpty()) {
            chain = chain.chain(() -> mergeLog.persist(mergeRows));
        }

        // 4. a redelivered batch republishes what its already-applied events produced
        Set<String> changedIds = new HashSet<>();
        snapshots.forEach(s -> changedIds.add(s.profileId()));
        for (String id : redeliveredProfiles) {
            if (id == null || changedIds.contains(id)) {
                continue;
            }
            String current = mergedPointers.getOrDefault(id, id);
            live.stream().filter(p -> p.id().equals(current) && !changedIds.contains(current)).findFirst()
                    .ifPresent(p -> {
                        snapshots.add(SnapshotMapper.toSnapshot(p, now));
                        changedIds.add(p.id());
                    });
            if (mergedPointers.containsKey(id)) {
                tombstones.add(id);
            }
        }
        int appliedFinal = appliedCount;
        int skippedFinal = fresh.size() - appliedCount;
        return chain
                .chain(() -> mergeLog.causedBy(redeliveredMessages))
                .map(old -> {
                    old.forEach(o -> merges.add(new BatchOutcome.MergeMessage(o.survivingProfileId,
                            o.payload.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                    return new BatchOutcome(snapshots, tombstones, merges, appliedFinal, skippedFinal, dupCount);
                })
                .call(() -> Panache.getSession().chain(s -> s.flush()))
                .invoke(() -> {
                    marks[2] = System.nanoTime();
                    if (LOG.isDebugEnabled()) {
                        LOG.debugf("batch %d events (%d fresh): load %d ms, rules %d ms, serialise+write %d ms",
                                fresh.size() + dupCount, fresh.size(), (marks[0] - marks[3]) / 1_000_000,
                                (marks[1] - marks[0]) / 1_000_000, (marks[2] - marks[1]) / 1_000_000);
                    }
                });
    }

    private static void check(Number rows, String key) {
        if (rows.longValue() != 1) {
            throw new ConcurrentUpdateException(key + " changed owner since this batch read it");
        }
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exposed for the REST layer's reads. */
    public IdentityRules rules() {
        return engine.rules();
    }
}
