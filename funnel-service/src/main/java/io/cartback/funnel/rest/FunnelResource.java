package io.cartback.funnel.rest;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.cartback.funnel.domain.FreeShippingWhatIf;
import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.FunnelReport;
import io.cartback.funnel.persistence.FunnelStore;
import io.cartback.funnel.service.DefinitionService;
import io.cartback.funnel.service.FunnelProcessor;
import io.cartback.funnel.service.ReportService;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.cartback.kit.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

/** Funnel definitions and reports (marketer token; the admin token has the marketer role too). */
@Path("/funnels")
@RolesAllowed(Roles.MARKETER)
@Blocking
public class FunnelResource {
    private static final Logger LOG = Logger.getLogger(FunnelResource.class);
    private static final int MAX_RANGE_DAYS = 400;
    private final DefinitionService definitions;
    private final ReportService reports;
    private final FunnelProcessor processor;
    private final ExecutorService backfills = Executors.newSingleThreadExecutor(r -> new Thread(r, "funnel-backfill"));
    /** A backfill recomputes every shopper; saves that arrive while one is still queued share it. */
    private final AtomicBoolean backfillQueued = new AtomicBoolean();

    public FunnelResource(DefinitionService definitions, ReportService reports, FunnelProcessor processor) {
        this.definitions = definitions;
        this.reports = reports;
        this.processor = processor;
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(ReportPage page);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<FunnelDefinitionDto> list() {
        return definitions.all().stream().map(FunnelDefinitionDto::of).toList();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public FunnelDefinitionDto get(@PathParam("id") String id) {
        return FunnelDefinitionDto.of(funnel(id));
    }

    /** Creates or replaces a funnel; existing events are replayed into it in the background. */
    @PUT
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public FunnelDefinitionDto put(@PathParam("id") String id, FunnelDefinitionDto body) {
        if (body == null) {
            throw new ProblemException(Problem.of(400, "missing-body", "Bad request",
                    "a funnel definition is required as the JSON body")
                    .withErrors(List.of(new Problem.FieldError("body", "a JSON object is required"))));
        }
        FunnelDefinition f = body.toDomain(id);
        definitions.save(f);
        queueBackfill();
        return FunnelDefinitionDto.of(f);
    }

    /** Queues one backfill unless one is already waiting (it will see every definition saved until it starts). */
    private void queueBackfill() {
        if (!backfillQueued.compareAndSet(false, true)) {
            return;
        }
        backfills.submit(() -> {
            backfillQueued.set(false);
            try {
                long n = processor.backfill();
                LOG.infof("funnel definitions changed: recomputed journeys of %d shoppers", n);
            } catch (RuntimeException e) {
                LOG.errorf(e, "funnel backfill failed");
            }
        });
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        funnel(id);
        if (!definitions.delete(id)) {
            throw ProblemException.conflict("built-in-funnel",
                    "funnel " + id + " is built in; it can be replaced (PUT) but not deleted");
        }
        if (FunnelDefinition.CHECKOUT.equals(id)) {
            queueBackfill();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    public FunnelReport report(@PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        FunnelDefinition f = funnel(id);
        LocalDate[] range = range(from, to);
        return reports.report(f, range[0], range[1]);
    }

    @GET
    @Path("{id}/report")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance reportPage(@PathParam("id") String id, @QueryParam("from") String from,
                                       @QueryParam("to") String to) {
        FunnelDefinition f = funnel(id);
        LocalDate[] range = range(from, to);
        return Templates.report(ReportPage.of(reports.report(f, range[0], range[1])));
    }

    @GET
    @Path("{id}/dropped")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ReportService.Dropped> dropped(@PathParam("id") String id, @QueryParam("from") String from,
                                               @QueryParam("to") String to, @QueryParam("step") String step,
                                               @QueryParam("limit") Integer limit) {
        FunnelDefinition f = funnel(id);
        if (step != null && f.indexOf(step) < 0) {
            throw ProblemException.badRequest("unknown-step", "funnel " + id + " has no step '" + step + "'");
        }
        LocalDate[] range = range(from, to);
        return reports.dropped(f, range[0], range[1], step, limit(limit));
    }

    @GET
    @Path("{id}/what-if/free-shipping")
    @Produces(MediaType.APPLICATION_JSON)
    public FreeShippingWhatIf.Result freeShipping(@PathParam("id") String id, @QueryParam("threshold") String threshold,
                                                  @QueryParam("from") String from, @QueryParam("to") String to) {
        funnel(id);
        if (threshold == null || threshold.isBlank()) {
            throw ProblemException.badRequest("missing-threshold", "query parameter 'threshold' (e.g. 75.00) is required");
        }
        BigDecimal x;
        try {
            x = new BigDecimal(threshold.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("invalid-threshold", "'threshold' must be a decimal number, got '" + threshold + "'");
        }
        if (x.signum() <= 0) {
            throw ProblemException.badRequest("invalid-threshold", "'threshold' must be greater than 0");
        }
        LocalDate[] range = range(from, to);
        return reports.freeShipping(x, range[0], range[1]);
    }

    @GET
    @Path("{id}/abandonments")
    @Produces(MediaType.APPLICATION_JSON)
    public List<FunnelStore.AbandonmentRow> abandonments(@PathParam("id") String id, @QueryParam("from") String from,
                                                         @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        funnel(id);
        LocalDate[] range = range(from, to);
        return reports.abandonments(range[0], range[1], limit(limit));
    }

    private static int limit(Integer limit) {
        if (limit == null) {
            return 100;
        }
        if (limit < 1 || limit > 1000) {
            throw ProblemException.badRequest("invalid-limit", "'limit' must be between 1 and 1000");
        }
        return limit;
    }

    private FunnelDefinition funnel(String id) {
        return definitions.find(id).orElseThrow(() -> ProblemException.notFound("no funnel with id '" + id + "'"));
    }

    /** Parses an inclusive store-local date range; defaults: the 7 days ending today (event-time clock). */
    private LocalDate[] range(String from, String to) {
        LocalDate end = to == null || to.isBlank() ? reports.today() : date("to", to);
        LocalDate start = from == null || from.isBlank() ? end.minusDays(6) : date("from", from);
        if (start.isAfter(end)) {
            throw ProblemException.badRequest("invalid-range", "'from' (" + start + ") is after 'to' (" + end + ")");
        }
        if (end.toEpochDay() - start.toEpochDay() >= MAX_RANGE_DAYS) {
            throw ProblemException.badRequest("invalid-range", "the range may span at most " + MAX_RANGE_DAYS + " days");
        }
        return new LocalDate[] {start, end};
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-date", "'" + name + "' must be a date YYYY-MM-DD, got '" + value + "'");
        }
    }

    @PreDestroy
    void stop() {
        backfills.shutdownNow();
    }
}
