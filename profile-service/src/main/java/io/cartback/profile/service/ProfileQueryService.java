package io.cartback.profile.service;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.cartback.profile.domain.Identifier;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.persistence.IdentifierEntity;
import io.cartback.profile.persistence.MergeLogEntity;
import io.cartback.profile.persistence.MergeLogRepository;
import io.cartback.profile.persistence.ProfileDocuments;
import io.cartback.profile.persistence.ProfileEntity;
import io.cartback.profile.persistence.IdentifierRepository;
import io.cartback.profile.persistence.ProfileRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/** Reads for the REST API. A merged-away profile id answers with the profile it was merged into. */
@ApplicationScoped
public class ProfileQueryService {
    private final ProfileRepository profiles;
    private final IdentifierRepository identifiers;
    private final MergeLogRepository mergeLog;
    private final ProfileDocuments documents;

    public ProfileQueryService(ProfileRepository profiles, IdentifierRepository identifiers,
                               MergeLogRepository mergeLog, ProfileDocuments documents) {
        this.profiles = profiles;
        this.identifiers = identifiers;
        this.mergeLog = mergeLog;
        this.documents = documents;
    }

    @WithSession
    public Uni<Optional<Profile>> byId(String id) {
        return profiles.findById(id).chain(row -> {
            if (row == null) {
                return Uni.createFrom().item(Optional.<Profile>empty());
            }
            if (row.mergedInto != null) {
                return profiles.findById(row.mergedInto).map(this::live);
            }
            return Uni.createFrom().item(live(row));
        });
    }

    @WithSession
    public Uni<Optional<Profile>> byIdentifier(Identifier id) {
        return identifiers.findById(id.key()).chain((IdentifierEntity i) -> i == null
                ? Uni.createFrom().item(Optional.<Profile>empty())
                : profiles.findById(i.profileId).map(this::live));
    }

    /** Profiles merged into this one, and the merges published for it (newest last). */
    public record Lineage(List<String> mergedProfileIds, List<MergeLogEntity> merges) {
    }

    @WithSession
    public Uni<Lineage> lineage(String profileId) {
        return mergedTransitively(List.of(profileId), new java.util.TreeSet<>(), 0).chain(ids -> mergeLog
                .list("survivingProfileId = ?1 order by createdAt", profileId)
                .map(m -> new Lineage(List.copyOf(ids), m)));
    }

    /**
     * Every profile merged into these, directly or through a chain (A into B, then B into C: C lists both; which
     * profile survives depends on the order partitions were consumed in, so a chain is normal).
     */
    private Uni<java.util.SortedSet<String>> mergedTransitively(List<String> into, java.util.SortedSet<String> found,
                                                               int depth) {
        if (into.isEmpty() || depth > 32) {
            return Uni.createFrom().item(found);
        }
        return profiles.mergedIntoAny(into).chain(rows -> {
            List<String> next = rows.stream().map(r -> r.id).filter(found::add).toList();
            return mergedTransitively(next, found, depth + 1);
        });
    }

    private Optional<Profile> live(ProfileEntity row) {
        if (row == null || row.doc == null || row.erasedAt != null || row.mergedInto != null) {
            return Optional.empty();
        }
        return Optional.of(documents.read(row));
    }

    /** Counts for dashboards and the demo report: live, merged-away and erased profiles, merges recorded. */
    public record Stats(long profiles, long mergedAway, long erased, long merges) {
    }

    public Uni<Stats> stats() {
        return io.quarkus.hibernate.reactive.panache.Panache.withSession(() -> profiles.countLive()
                .chain(live -> profiles.countMergedAway()
                        .chain(merged -> profiles.countErased()
                                .chain(erased -> mergeLog.count()
                                        .map(merges -> new Stats(live, merged, erased, merges))))));
    }
}
