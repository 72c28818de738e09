package io.cartback.ingest.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.cartback.ingest.config.IngestConfig;
import io.cartback.ingest.domain.BodyDecoder;
import io.cartback.ingest.domain.CallNormalizer;
import io.cartback.ingest.domain.CallOutcome;
import io.cartback.ingest.domain.FieldError;
import io.cartback.ingest.domain.RequestFacts;
import io.cartback.ingest.domain.Source;
import io.cartback.ingest.domain.WriteKeys;
import io.cartback.ingest.rest.SegmentBodyParser.Batch;
import io.cartback.ingest.rest.SegmentBodyParser.Item;
import io.cartback.ingest.rest.TrackingResponses.BatchProblem;
import io.cartback.ingest.rest.TrackingResponses.RejectedCall;
import io.cartback.ingest.rest.TrackingResponses.Success;
import io.cartback.ingest.service.IngestService;
import io.cartback.ingest.service.SourceService;
import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The Segment HTTP Tracking API. Storefront SDKs (analytics.js, analytics-node, RudderStack's) work unchanged
 * when pointed at this host with a write key from {@code /admin/sources}.
 */
@Path("/v1")
@PermitAll
@SecurityRequirement(name = "writeKey")
@Tag(name = "tracking", description = "Segment-compatible tracking API (write key as HTTP Basic user)")
public class TrackingResource {
    private final SourceService sources;
    private final IngestService ingest;
    private final SegmentBodyParser parser;
    private final IngestConfig config;
    private final CallNormalizer normalizer = new CallNormalizer(() -> UUID.randomUUID().toString());

    public TrackingResource(SourceService sources, IngestService ingest, SegmentBodyParser parser, IngestConfig config) {
        this.sources = sources;
        this.ingest = ingest;
        this.parser = parser;
        this.config = config;
    }

    @POST
    @Path("/{type: track|identify|page|screen|group|alias}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record one call (Segment track/identify/page/screen/group/alias)")
    public Uni<Response> single(@PathParam("type") String type, byte[] body,
                                @HeaderParam("Authorization") String authorization,
                                @HeaderParam("Content-Encoding") String contentEncoding,
                                HttpServerRequest request) {
        Instant receivedAt = Instant.now();
        byte[] json = decode(body, contentEncoding, config.maxEventBytes(), "event-too-large");
        Map<String, Object> call = parser.parseObject(json);
        return authenticate(authorization, call.get("writeKey")).chain(source -> {
            RequestFacts facts = facts(receivedAt, source, request, null, null);
            CallOutcome outcome = normalizer.normalize(call, type, facts);
            if (outcome instanceof CallOutcome.Rejected rejected) {
                ingest.countRejected(rejected.reason());
                throw new ProblemException(Problem.of(400, "invalid-call", "Bad request",
                                "the " + type + " call was rejected: " + rejected.errors().get(0).field() + " "
                                        + rejected.errors().get(0).message())
                        .withErrors(rejected.errors().stream()
                                .map(e -> new Problem.FieldError(e.field(), e.message())).toList()));
            }
            failFastIfBrokerDown();
            Map<Integer, CallOutcome.Accepted> accepted = Map.of(0, (CallOutcome.Accepted) outcome);
            return ingest.store(source, accepted).map(result -> {
                if (!result.conflicts().isEmpty()) {
                    throw ProblemException.conflict("message-id-conflict", "messageId "
                            + result.conflicts().get(0).messageId()
                            + " was already stored with different content; the first version is kept");
                }
                return Response.ok(Success.PLAIN).build();
            });
        }).onFailure(IngestService.NotStored.class).transform(this::unavailable)
                .onFailure(IngestService.NotReady.class).transform(this::notReady);
    }

    @POST
    @Path("/{batch: batch|import}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record a batch of calls (each item says its type); /v1/import is the same")
    public Uni<Response> batch(byte[] body,
                               @HeaderParam("Authorization") String authorization,
                               @HeaderParam("Content-Encoding") String contentEncoding,
                               HttpServerRequest request) {
        Instant receivedAt = Instant.now();
        byte[] json = decode(body, contentEncoding, config.maxBatchBytes(), "batch-too-large");
        Batch batch = parser.parseBatch(json);
        return authenticate(authorization, batch.envelope().get("writeKey")).chain(source -> {
            if (batch.items() == null) {
                throw ProblemException.badRequest("invalid-batch", "a batch body needs a \"batch\" array of calls");
            }
            if (batch.items().isEmpty()) {
                throw ProblemException.badRequest("empty-batch", "\"batch\" must contain at least one call");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> batchContext = batch.envelope().get("context") instanceof Map<?, ?> m
                    ? (Map<String, Object>) m : null;
            RequestFacts facts = facts(receivedAt, source, request, batch.envelope().get("sentAt"), batchContext);
            Map<Integer, CallOutcome.Accepted> accepted = new LinkedHashMap<>();
            List<RejectedCall> rejected = new ArrayList<>();
            for (int i = 0; i < batch.items().size(); i++) {
                Item item = batch.items().get(i);
                if (item.call() == null) {
                    rejected.add(new RejectedCall(i, null, "not_an_object",
                            List.of(new FieldError("batch[" + i + "]", "must be an object"))));
                } else if (item.rawBytes() > config.maxEventBytes()) {
                    rejected.add(new RejectedCall(i, messageIdOf(item.call()), "event_too_large",
                            List.of(new FieldError("batch[" + i + "]", "is " + item.rawBytes()
                                    + " bytes; the limit is 32 KB (" + config.maxEventBytes() + " bytes) per call"))));
                } else {
                    CallOutcome outcome = normalizer.normalize(item.call(), null, facts);
                    if (outcome instanceof CallOutcome.Accepted a) {
                        accepted.put(i, a);
                    } else {
                        CallOutcome.Rejected r = (CallOutcome.Rejected) outcome;
                        rejected.add(new RejectedCall(i, r.messageId(), r.reason(), r.errors()));
                    }
                }
            }
            rejected.forEach(r -> ingest.countRejected(r.reason()));
            if (accepted.isEmpty()) {
                return Uni.createFrom().item(Response.status(400).type(Problem.MEDIA_TYPE)
                        .entity(new BatchProblem("urn:cartback:problem:invalid-batch", "Bad request", 400,
                                "no call of the batch could be accepted; see rejected", rejected))
                        .build());
            }
            failFastIfBrokerDown();
            return ingest.store(source, accepted).map(result -> {
                result.conflicts().forEach(c -> rejected.add(new RejectedCall(c.index(), c.messageId(),
                        "message_id_conflict", List.of(new FieldError("messageId",
                        "was already stored with different content; the first version is kept")))));
                if (rejected.isEmpty() && result.duplicates() == 0) {
                    return Response.ok(Success.PLAIN).build();
                }
                rejected.sort((a, b) -> Integer.compare(a.index(), b.index()));
                return Response.ok(new Success(true, result.stored(), result.duplicates(),
                        rejected.isEmpty() ? null : rejected)).build();
            });
        }).onFailure(IngestService.NotStored.class).transform(this::unavailable)
                .onFailure(IngestService.NotReady.class).transform(this::notReady);
    }

    private byte[] decode(byte[] body, String contentEncoding, int limit, String tooLargeType) {
        try {
            return BodyDecoder.decode(body == null ? new byte[0] : body, contentEncoding, limit);
        } catch (BodyDecoder.BodyRejected e) {
            String type = "batch-too-large".equals(e.type()) ? tooLargeType : e.type();
            String detail = "event-too-large".equals(type)
                    ? "the call exceeds the limit of 32 KB (" + limit + " bytes) per event" : e.getMessage();
            throw new ProblemException(Problem.of(e.status(), type, e.status() == 415 ? "Unsupported encoding"
                    : "Bad request", detail));
        }
    }

    private Uni<Source> authenticate(String authorization, Object bodyWriteKey) {
        String key = WriteKeys.fromBasicHeader(authorization);
        if (key == null && bodyWriteKey instanceof String s && !s.isEmpty()) {
            key = s;
        }
        if (key == null) {
            return Uni.createFrom().failure(unauthorized("a write key is required: send it as the HTTP Basic user "
                    + "name with an empty password, or as \"writeKey\" in the body"));
        }
        return sources.resolve(key).map((Optional<Source> source) -> source.orElseThrow(
                () -> unauthorized("unknown or disabled write key")))
                .onFailure(SourceService.Unavailable.class).transform(e -> new ProblemException(Problem.of(503,
                        "source-registry-unavailable", "Service unavailable", "the write key cannot be checked right "
                                + "now (database unreachable); retry after " + config.retryAfterSeconds() + " s"),
                        Map.of("Retry-After", Integer.toString(config.retryAfterSeconds()))));
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "invalid-write-key", "Unauthorized", detail),
                Map.of("WWW-Authenticate", "Basic realm=\"tracking\""));
    }

    private void failFastIfBrokerDown() {
        if (ingest.brokerRecentlyFailed()) {
            throw unavailable(null);
        }
    }

    private ProblemException unavailable(Throwable cause) {
        return new ProblemException(Problem.of(503, "event-store-unavailable", "Service unavailable",
                "the event store (Kafka) did not acknowledge the events in time; retry the whole request after "
                        + config.retryAfterSeconds() + " s (events of it that were stored after all are not applied twice)"),
                Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())));
    }

    private static RequestFacts facts(Instant receivedAt, Source source, HttpServerRequest request, Object sentAt,
                                      Map<String, Object> batchContext) {
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        return new RequestFacts(receivedAt, source.id().toString(), ip, request.getHeader("User-Agent"), sentAt,
                batchContext);
    }

    private ProblemException notReady(Throwable cause) {
        return new ProblemException(Problem.of(503, "not-ready", "Service unavailable",
                "this replica is still loading the list of erased people from Kafka and takes no calls until it "
                        + "has it; retry after " + config.retryAfterSeconds() + " s"),
                Map.of("Retry-After", Integer.toString(config.retryAfterSeconds())));
    }

    private static String messageIdOf(Map<String, Object> call) {
        Object id = call.get("messageId");
        return id instanceof String s ? s : null;
    }
}
