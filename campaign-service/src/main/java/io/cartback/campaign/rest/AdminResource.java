package io.cartback.campaign.rest;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cartback.campaign.service.WatermarkService;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/** The event-time clock: replays push it past the end of their data once consumers caught up. */
@Path("/admin/watermark")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final WatermarkService watermark;

    public AdminResource(WatermarkService watermark) {
        this.watermark = watermark;
    }

    @RegisterForReflection
    public record WatermarkRequest(Instant eventTime) {
    }

    @RegisterForReflection
    public record WatermarkResponse(Instant watermark, Instant maxEventTime, Instant wallClock) {
    }

    @GET
    public WatermarkResponse get() {
        return new WatermarkResponse(watermark.current(), watermark.maxEventTime(), watermark.wallNow());
    }

    /** Moves the watermark forward; an earlier time leaves it where it is (it never goes back). */
    @POST
    public Uni<WatermarkResponse> advance(WatermarkRequest body) {
        if (body == null || body.eventTime() == null) {
            throw new ProblemException(Problem.of(400, "invalid-request", "Bad request",
                    "eventTime (ISO-8601 instant) is required")
                    .withErrors(List.of(new Problem.FieldError("eventTime", "is required"))));
        }
        return watermark.advanceTo(body.eventTime())
                .map(now -> new WatermarkResponse(now, watermark.maxEventTime(), watermark.wallNow()));
    }
}
