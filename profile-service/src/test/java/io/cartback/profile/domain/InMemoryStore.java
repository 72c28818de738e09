package io.cartback.profile.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the service does around the engine, in memory: load the batch's slice, apply, write back, skip
 * redelivered message ids. Profiles are stored as {@link Profile.Data} so every batch starts from stored state,
 * as it does against PostgreSQL.
 */
final class InMemoryStore {
    final ProfileEngine engine;
    final Map<Identifier, String> owners = new HashMap<>();
    final Map<String, Profile.Data> profiles = new HashMap<>();
    final Map<String, String> mergedInto = new HashMap<>();
    final Set<String> processed = new HashSet<>();
    final Set<String> suppressed = new HashSet<>();
    final Set<Identifier> erased = new HashSet<>();
    final List<MergeRecord> merges = new ArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();

    InMemoryStore(IdentityRules rules) {
        this.engine = new ProfileEngine(rules);
    }

    InMemoryStore() {
        this(IdentityRules.defaults());
    }

    List<ProfileEngine.Result> batch(List<ProfileEvent> events) {
        Map<Identifier, String> loaded = new HashMap<>();
        Set<String> profileIds = new LinkedHashSet<>();
        for (ProfileEvent e : events) {
            for (String key : engine.lookupKeys(e)) {
                Identifier id = Identifier.parse(key);
                String owner = owners.get(id);
                if (owner != null) {
                    loaded.put(id, owner);
                    profileIds.add(owner);
                }
            }
        }
        List<Profile> ps = profileIds.stream().map(id -> Profile.fromData(profiles.get(id))).toList();
        Workspace ws = new Workspace(loaded, ps, suppressed, erased, () -> "p" + ids.incrementAndGet());
        List<ProfileEngine.Result> results = new ArrayList<>();
        Set<String> inBatch = new HashSet<>();
        for (ProfileEvent e : events) {
            if (processed.contains(e.messageId()) || !inBatch.add(e.messageId())) {
                results.add(new ProfileEngine.Result(null, "duplicate"));
                continue;
            }
            results.add(engine.apply(e, ws));
        }
        ws.finish();
        for (Workspace.Move m : ws.identifierMoves()) {
            if (!java.util.Objects.equals(owners.get(m.identifier()), m.from())) {
                throw new IllegalStateException("optimistic check failed for " + m);
            }
            if (m.to() == null) {
                owners.remove(m.identifier());
            } else {
                owners.put(m.identifier(), m.to());
            }
        }
        ws.changedProfiles().forEach(p -> profiles.put(p.id(), p.toData()));
        ws.removedProfiles().forEach((old, survivor) -> {
            profiles.remove(old);
            mergedInto.put(old, survivor);
        });
        merges.addAll(ws.merges());
        events.forEach(e -> processed.add(e.messageId()));
        return results;
    }

    List<ProfileEngine.Result> apply(ProfileEvent... events) {
        List<ProfileEngine.Result> all = new ArrayList<>();
        for (ProfileEvent e : events) {
            all.addAll(batch(List.of(e)));
        }
        return all;
    }

    Optional<Profile> byKey(String key) {
        return Optional.ofNullable(owners.get(Identifier.parse(key))).map(id -> Profile.fromData(profiles.get(id)));
    }

    Profile get(String key) {
        return byKey(key).orElseThrow(() -> new AssertionError("no profile for " + key));
    }

    /** The profile an identifier belongs to now, following merges. */
    Profile byKeyOrMerged(String key) {
        return get(key);
    }

    ProfileEngine.Erasure erase(String profileId) {
        Profile p = Profile.fromData(profiles.get(profileId));
        Map<Identifier, String> loaded = new HashMap<>();
        p.identifierSet().forEach(i -> loaded.put(i, profileId));
        Workspace ws = new Workspace(loaded, List.of(p), suppressed, () -> "x");
        ProfileEngine.Erasure erasure = engine.erase(p, ws);
        erasure.identifiers().forEach(owners::remove);
        erased.addAll(erasure.identifiers());
        profiles.remove(profileId);
        return erasure;
    }

    /** The identity partition: for every live profile, its sorted identifier keys; sorted. Ids of profiles vary. */
    List<List<String>> partition() {
        return profiles.values().stream()
                .map(d -> d.identifiers().keySet().stream().sorted().toList())
                .filter(l -> !l.isEmpty())
                .sorted(java.util.Comparator.comparing(Object::toString)).toList();
    }
}
