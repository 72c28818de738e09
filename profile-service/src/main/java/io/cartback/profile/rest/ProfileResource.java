package io.cartback.profile.rest;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.cartback.contracts.ProfileSnapshot;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.cartback.profile.domain.IdType;
import io.cartback.profile.domain.Identifier;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.messaging.SnapshotMapper;
import io.cartback.profile.rest.ProfileResponses.CartResponse;
import io.cartback.profile.rest.ProfileResponses.ErasureResponse;
import io.cartback.profile.rest.ProfileResponses.HistoryResponse;
import io.cartback.profile.rest.ProfileResponses.HistoryView;
import io.cartback.profile.rest.ProfileResponses.IdentifierView;
import io.cartback.profile.rest.ProfileResponses.IdentityResponse;
import io.cartback.profile.service.ErasureService;
import io.cartback.profile.service.ProfileBatchService;
import io.cartback.profile.service.ProfileQueryService;
import io.smallrye.mutiny.Uni;

/**
 * Unified profiles. Reads are open to admin and marketer tokens; erasure needs admin. A profile that was
 * merged into another answers with the surviving profile (its {@code profileId} tells).
 */
@Path("/profiles")
@Produces(MediaType.APPLICATION_JSON)
public class ProfileResource {
    private final ProfileQueryService queries;
    private final ErasureService erasure;
    private final ProfileBatchService batch;

    public ProfileResource(ProfileQueryService queries, ErasureService erasure, ProfileBatchService batch) {
        this.queries = queries;
        this.erasure = erasure;
        this.batch = batch;
    }

    /** How many profiles exist (live, merged away, erased) and how many merges were recorded. */
    @GET
    @Path("/stats")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<ProfileQueryService.Stats> stats() {
        return queries.stats();
    }

    /** Finds the profile an identifier belongs to: exactly one of userId, email, anonymousId. */
    @GET
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<ProfileSnapshot> find(@QueryParam("userId") String userId, @QueryParam("email") String email,
                                     @QueryParam("anonymousId") String anonymousId) {
        List<Identifier> given = new ArrayList<>();
        addIf(given, IdType.USER_ID, userId);
        addIf(given, IdType.EMAIL, email);
        addIf(given, IdType.ANONYMOUS_ID, anonymousId);
        if (given.size() != 1) {
            throw ProblemException.badRequest("identifier-query",
                    "give exactly one of the query parameters userId, email, anonymousId (got " + given.size() + ")");
        }
        Identifier raw = given.get(0);
        Identifier id = batch.rules().identifier(raw.type(), raw.value()).orElseThrow(() ->
                ProblemException.badRequest("identifier-query", raw.type().wireName() + " '" + raw.value()
                        + "' is not an identity (junk, blocked" + (raw.type() == IdType.EMAIL
                        ? " or not an email address)" : ")")));
        return queries.byIdentifier(id).map(p -> SnapshotMapper.toSnapshot(p.orElseThrow(() ->
                ProblemException.notFound("no profile has " + id.key())), Instant.now()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<ProfileSnapshot> get(@PathParam("id") String id) {
        return load(id).map(p -> SnapshotMapper.toSnapshot(p, Instant.now()));
    }

    @GET
    @Path("/{id}/cart")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<CartResponse> cart(@PathParam("id") String id) {
        return load(id).map(p -> {
            long items = 0;
            BigDecimal subtotal = BigDecimal.ZERO;
            for (var l : p.cart().lines()) {
                items += l.quantity();
                if (l.product().price() != null) {
                    subtotal = subtotal.add(l.product().price().multiply(BigDecimal.valueOf(l.quantity())));
                }
            }
            return new CartResponse(p.id(), p.cart().currency(), p.cart().updatedAt(), items, subtotal,
                    SnapshotMapper.cart(p.cart().lines()));
        });
    }

    @GET
    @Path("/{id}/history")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<HistoryResponse> history(@PathParam("id") String id) {
        return load(id).map(p -> {
            ProfileSnapshot s = SnapshotMapper.toSnapshot(p, Instant.now());
            return new HistoryResponse(p.id(), s.recentlyViewed(), s.facts());
        });
    }

    /** Why these identifiers are one profile: how each joined, what was merged in, what was refused. */
    @GET
    @Path("/{id}/identity")
    @RolesAllowed({Roles.ADMIN, Roles.MARKETER})
    public Uni<IdentityResponse> identity(@PathParam("id") String id) {
        return load(id).chain(p -> queries.lineage(p.id()).map(lineage -> new IdentityResponse(p.id(),
                p.identifiers().entrySet().stream()
                        .sorted(Comparator.comparing(e -> e.getValue().linkedAt()))
                        .map(e -> new IdentifierView(e.getKey().key(), e.getValue().reason(),
                                e.getValue().messageId(), e.getValue().linkedAt(), e.getValue().lastSeenAt()))
                        .toList(),
                lineage.mergedProfileIds(),
                p.history().stream().map(h -> new HistoryView(h.at(), h.kind(), h.detail(), h.messageId(),
                        h.otherProfileId(), h.identifiers())).toList())));
    }

    /** GDPR erasure; see ErasureService. */
    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<ErasureResponse> erase(@PathParam("id") String id) {
        return erasure.erase(id).map(r -> r.map(e -> new ErasureResponse(e.profileId(), e.identifiersRemoved(),
                e.emailsSuppressed(), e.alreadyErased())).orElseThrow(() ->
                ProblemException.notFound("no profile with id '" + id + "'")));
    }

    private Uni<Profile> load(String id) {
        return queries.byId(id).map((Optional<Profile> p) -> p.orElseThrow(() ->
                ProblemException.notFound("no profile with id '" + id + "' (unknown or erased)")));
    }

    private static void addIf(List<Identifier> list, IdType type, String value) {
        if (value != null) {
            list.add(new Identifier(type, value));
        }
    }
}
