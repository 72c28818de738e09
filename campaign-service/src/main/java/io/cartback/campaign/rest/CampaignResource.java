package io.cartback.campaign.rest;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cartback.campaign.service.CampaignService;
import io.cartback.campaign.service.CampaignSpec;
import io.cartback.campaign.service.PreviewService;
import io.cartback.campaign.service.ReportService;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The marketer API: campaigns, lifecycle, preview, test send, reports. */
@Path("/campaigns")
@RolesAllowed(Roles.MARKETER)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns")
public class CampaignResource {
    private final CampaignService campaigns;
    private final PreviewService previews;
    private final ReportService reports;

    public CampaignResource(CampaignService campaigns, PreviewService previews, ReportService reports) {
        this.campaigns = campaigns;
        this.previews = previews;
        this.reports = reports;
    }

    @RegisterForReflection
    public record CampaignResponse(UUID id, String name, String status, long version, CampaignSpec spec) {
        static CampaignResponse of(CampaignService.Loaded l) {
            return new CampaignResponse(l.id(), l.name(), l.status().name().toLowerCase(), l.version(), l.spec());
        }
    }

    @RegisterForReflection
    public record StatusRequest(String status) {
    }

    @RegisterForReflection
    public record PreviewRequest(Integer step, String profileId) {
    }

    @RegisterForReflection
    public record TestSendRequest(String to, Integer step, String profileId) {
    }

    @RegisterForReflection
    public record RenderedResponse(String subject, String html, String text) {
    }

    @POST
    @Operation(summary = "Create a campaign (draft; ?activate=true creates it active after the template check)")
    public Uni<Response> create(CampaignSpec spec, @QueryParam("activate") boolean activate) {
        return campaigns.create(spec, activate).map(l -> Response.created(URI.create("/campaigns/" + l.id()))
                .entity(CampaignResponse.of(l)).build());
    }

    @GET
    @Operation(summary = "List campaigns, optionally by status")
    public Uni<List<CampaignResponse>> list(@QueryParam("status") String status) {
        return campaigns.list(status).map(l -> l.stream().map(CampaignResponse::of).toList());
    }

    @GET
    @Path("/{id}")
    public Uni<CampaignResponse> get(@PathParam("id") String id) {
        return campaigns.get(uuid(id)).map(CampaignResponse::of);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Replace a campaign's definition (an active one must still render)")
    public Uni<CampaignResponse> update(@PathParam("id") String id, CampaignSpec spec) {
        return campaigns.update(uuid(id), spec).map(CampaignResponse::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<Response> delete(@PathParam("id") String id) {
        return campaigns.delete(uuid(id)).map(x -> Response.noContent().build());
    }

    @POST
    @Path("/{id}/status")
    @Operation(summary = "Lifecycle: draft -> active <-> paused, any -> archived")
    public Uni<CampaignResponse> status(@PathParam("id") String id, StatusRequest body) {
        if (body == null || body.status() == null) {
            throw field("status", "is required");
        }
        return campaigns.changeStatus(uuid(id), body.status()).map(CampaignResponse::of);
    }

    @POST
    @Path("/{id}/preview")
    @Operation(summary = "Render a step for a profile (or a sample shopper) without sending")
    public Uni<RenderedResponse> preview(@PathParam("id") String id, PreviewRequest body) {
        int step = body == null || body.step() == null ? 0 : body.step();
        return previews.preview(uuid(id), step, body == null ? null : body.profileId())
                .map(r -> new RenderedResponse(r.subject(), r.html(), r.text()));
    }

    @POST
    @Path("/{id}/test-send")
    @Operation(summary = "Send a rendering of a step to one address (subject prefixed [TEST]); nothing is recorded")
    public Uni<Response> testSend(@PathParam("id") String id, TestSendRequest body) {
        if (body == null) {
            throw field("to", "is required");
        }
        int step = body.step() == null ? 0 : body.step();
        return previews.testSend(uuid(id), step, body.profileId(), body.to())
                .map(r -> Response.accepted(new RenderedResponse(r.subject(), r.html(), r.text())).build());
    }

    @GET
    @Path("/{id}/report")
    @Operation(summary = "Triggered, sent, suppressed by reason, opened, clicked, recovered; holdout and lift")
    public Uni<ReportService.CampaignReport> report(@PathParam("id") String id) {
        return reports.report(uuid(id));
    }

    static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("no campaign " + id);
        }
    }

    static ProblemException field(String field, String message) {
        return new ProblemException(Problem.of(400, "invalid-request", "Bad request", field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }
}
