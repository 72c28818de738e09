package io.cartback.ingest.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cartback.ingest.domain.Source;
import io.cartback.ingest.service.SourceService;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.smallrye.mutiny.Uni;

/** Admin API for sources and their write keys (bearer admin token). */
@Path("/admin/sources")
@RolesAllowed(Roles.ADMIN)
@Tag(name = "sources", description = "Sources and write keys (admin token)")
@SecurityRequirement(name = "bearer")
public class SourceResource {
    private final SourceService sources;

    public SourceResource(SourceService sources) {
        this.sources = sources;
    }

    public record CreateSourceRequest(String name) {
    }

    public record SourceResponse(UUID id, String name, String keyHint, boolean enabled, Instant createdAt,
                                 Instant rotatedAt) {
        static SourceResponse of(Source s) {
            return new SourceResponse(s.id(), s.name(), s.keyHint(), s.enabled(), s.createdAt(), s.rotatedAt());
        }
    }

    /** The write key is in clear text only in this answer; store it now. */
    public record SourceWithKeyResponse(UUID id, String name, String writeKey, String keyHint, boolean enabled,
                                        Instant createdAt, Instant rotatedAt) {
        static SourceWithKeyResponse of(SourceService.Created c) {
            Source s = c.source();
            return new SourceWithKeyResponse(s.id(), s.name(), c.writeKey(), s.keyHint(), s.enabled(), s.createdAt(),
                    s.rotatedAt());
        }
    }

    @POST
    @Operation(summary = "Create a source; the answer holds its write key, shown only once")
    public Uni<Response> create(CreateSourceRequest request) {
        if (request == null || request.name() == null || request.name().isBlank() || request.name().length() > 100) {
            throw ProblemException.badRequest("invalid-source", "name is required (1 to 100 characters)");
        }
        return sources.create(request.name().trim())
                .map(c -> Response.status(201).entity(SourceWithKeyResponse.of(c)).build());
    }

    @GET
    @Operation(summary = "List sources (keys are never listed, only their last characters)")
    public Uni<List<SourceResponse>> list() {
        return sources.list().map(all -> all.stream().map(SourceResponse::of).toList());
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(summary = "Replace the write key; the old key stops working")
    public Uni<SourceWithKeyResponse> rotate(@PathParam("id") UUID id) {
        return sources.rotate(id).map(SourceWithKeyResponse::of);
    }

    @POST
    @Path("/{id}/disable")
    @Operation(summary = "Refuse this source's events (401) until enabled again")
    public Uni<SourceResponse> disable(@PathParam("id") UUID id) {
        return sources.setEnabled(id, false).map(SourceResponse::of);
    }

    @POST
    @Path("/{id}/enable")
    @Operation(summary = "Accept this source's events again")
    public Uni<SourceResponse> enable(@PathParam("id") UUID id) {
        return sources.setEnabled(id, true).map(SourceResponse::of);
    }
}
