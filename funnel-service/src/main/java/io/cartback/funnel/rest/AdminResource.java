package io.cartback.funnel.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.cartback.funnel.service.FunnelProcessor;
import io.cartback.funnel.service.WatermarkService;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.smallrye.common.annotation.Blocking;

/** The event-time clock: read it, or push it (a replay does, once consumers caught up). Admin token. */
@Path("/admin/watermark")
@RolesAllowed(Roles.ADMIN)
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final WatermarkService watermark;
    private final FunnelProcessor processor;

    public AdminResource(WatermarkService watermark, FunnelProcessor processor) {
        this.watermark = watermark;
        this.processor = processor;
    }

    public record AdvanceRequest(String eventTime) {
    }

    public record WatermarkResponse(Instant watermark, Instant maxEventTime, Map<Integer, Instant> maxEventTimeByPartition,
                                    String allowedLateness, long tooLateEvents, Integer cartsChecked) {
    }

    @GET
    public WatermarkResponse get() {
        return state(null);
    }

    /** Advances the watermark to {@code eventTime} (never back) and fires the cart timers it passed. */
    @POST
    public WatermarkResponse advance(AdvanceRequest body) {
        if (body == null || body.eventTime() == null || body.eventTime().isBlank()) {
            throw ProblemException.badRequest("missing-event-time", "body must be {\"eventTime\": \"<ISO-8601 instant>\"}");
        }
        Instant to;
        try {
            to = Instant.parse(body.eventTime().trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-event-time",
                    "'eventTime' must be an ISO-8601 instant such as 2016-11-02T00:00:00Z, got '" + body.eventTime() + "'");
        }
        watermark.advanceTo(to);
        int checked = processor.fireDueTimers();
        return state(checked);
    }

    private WatermarkResponse state(Integer checked) {
        Instant wm = watermark.current();
        return new WatermarkResponse(wm, watermark.clock().maxEventTime(), new TreeMap<>(watermark.clock().maxByPartition()),
                watermark.clock().allowedLateness().toString(), watermark.stored().lateEvents(), checked);
    }
}
