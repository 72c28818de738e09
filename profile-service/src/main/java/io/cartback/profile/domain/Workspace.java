package io.cartback.profile.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The slice of the identity graph one batch of events needs (the owners of every identifier the batch names,
 * and those profiles), plus what the batch changed. The service loads it, the engine mutates it, the service
 * writes back {@link #identifierMoves()}, {@link #changedProfiles()} and {@link #removedProfiles()} under
 * optimistic checks, so two replicas that touch the same profile cannot both win.
 */
public final class Workspace {
    private final Map<Identifier, String> owners = new LinkedHashMap<>();
    private final Map<String, Profile> profiles = new LinkedHashMap<>();
    private final Set<String> suppressedEmailHashes;
    private final Set<String> erased = new java.util.HashSet<>();
    private final Supplier<String> newId;

    private final Map<Identifier, Move> moves = new LinkedHashMap<>();
    private final LinkedHashSet<String> changed = new LinkedHashSet<>();
    private final LinkedHashSet<String> created = new LinkedHashSet<>();
    private final Map<String, String> removed = new LinkedHashMap<>();
    private final List<MergeRecord> merges = new ArrayList<>();

    /** An identifier's owner before the batch ({@code from}, null = new) and after it ({@code to}, null = unlinked). */
    public record Move(Identifier identifier, String from, String to) {
    }

    public Workspace(Map<Identifier, String> loadedOwners, List<Profile> loadedProfiles,
                     Set<String> suppressedEmailHashes, Supplier<String> newId) {
        this(loadedOwners, loadedProfiles, suppressedEmailHashes, Set.of(), newId);
    }

    /**
     * @param suppressedEmailHashes legacy suppression list (SHA-256 of erased addresses, written before erased
     *                              identifiers were blocked); a profile linking one is unsubscribed
     * @param erased                the identifiers among those the batch names that belong to an erased person:
     *                              an event naming one is not applied
     */
    public Workspace(Map<Identifier, String> loadedOwners, List<Profile> loadedProfiles,
                     Set<String> suppressedEmailHashes, Set<Identifier> erased, Supplier<String> newId) {
        owners.putAll(loadedOwners);
        loadedProfiles.forEach(p -> profiles.put(p.id(), p));
        this.suppressedEmailHashes = Set.copyOf(suppressedEmailHashes);
        erased.forEach(i -> this.erased.add(i.erasureKey()));
        this.newId = newId;
    }

    public Optional<String> owner(Identifier id) {
        return Optional.ofNullable(owners.get(id));
    }

    public Profile profile(String id) {
        Profile p = profiles.get(id);
        if (p == null) {
            throw new IllegalStateException("profile " + id + " owns a loaded identifier but was not loaded");
        }
        return p;
    }

    public Optional<Profile> findProfile(String id) {
        return Optional.ofNullable(profiles.get(id));
    }

    Profile create(java.time.Instant at) {
        Profile p = new Profile(newId.get(), at);
        profiles.put(p.id(), p);
        created.add(p.id());
        changed.add(p.id());
        return p;
    }

    void move(Identifier id, String from, String to) {
        Move first = moves.get(id);
        String originalFrom = first == null ? from : first.from();
        if (Objects.equals(originalFrom, to)) {
            moves.remove(id);
        } else {
            moves.put(id, new Move(id, originalFrom, to));
        }
        if (to == null) {
            owners.remove(id);
        } else {
            owners.put(id, to);
        }
    }

    void changed(String profileId) {
        changed.add(profileId);
    }

    void removed(String profileId, String survivorId) {
        profiles.remove(profileId);
        changed.remove(profileId);
        removed.put(profileId, survivorId);
        removed.replaceAll((k, v) -> v != null && v.equals(profileId) ? survivorId : v);
    }

    void merged(MergeRecord m) {
        merges.add(m);
    }

    public boolean erased(Identifier id) {
        return erased.contains(id.erasureKey());
    }

    public boolean suppressed(String email) {
        return suppressedEmailHashes.contains(emailHash(email));
    }

    /** What the legacy suppression list stored instead of the address itself: SHA-256 of the lower-cased address. */
    public static String emailHash(String email) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(email.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identifier owner changes to write, in the order they happened. */
    public List<Move> identifierMoves() {
        return List.copyOf(moves.values());
    }

    /** Profiles (still alive) whose state changed, with their version already bumped once by {@link #finish()}. */
    public List<Profile> changedProfiles() {
        return changed.stream().map(profiles::get).toList();
    }

    public boolean isCreated(String profileId) {
        return created.contains(profileId);
    }

    /** Profiles merged away in this batch -> the profile that absorbed them (created ones are dropped silently). */
    public Map<String, String> removedProfiles() {
        return Map.copyOf(removed);
    }

    public List<MergeRecord> merges() {
        return List.copyOf(merges);
    }

    /** Bumps the version of every changed profile once; call after the batch's last event. */
    public void finish() {
        changed.forEach(id -> profiles.get(id).bumpVersion());
    }
}
