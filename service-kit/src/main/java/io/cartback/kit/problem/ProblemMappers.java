package io.cartback.kit.problem;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.cartback.kit.resilience.Dependencies;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Narrow mappers from exceptions to problem documents. Nothing here echoes exception class names or stack
 * traces to clients: unexpected failures get an opaque error id that is logged with the cause.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        Response.ResponseBuilder builder = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE)
                .entity(e.problem());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized() {
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "unauthorized", "Unauthorized",
                        "a valid bearer token is required (Authorization: Bearer <token>)"))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(Problem.of(403, "forbidden", "Forbidden", "this token may not use this endpoint"));
    }

    /**
     * Invalid JSON, or JSON of the wrong shape ("delay": "soon", a number out of range): a problem naming the field
     * (JSON path such as {@code steps[0].delay}) in {@code errors}. Jackson's own wording is kept for the detail, but
     * the Java type names it quotes are replaced, so no class name reaches the client.
     */
    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m) {
            return mismatched(m);
        }
        String field = fieldOf(e);
        String message = withoutTypeNames(String.valueOf(e.getOriginalMessage()));
        return respond(Problem.of(400, "malformed-json", "Bad request",
                "the body is not valid JSON for this endpoint: " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    /** Declared for this exact type, so it wins over Quarkus' built-in mapper (which answers without a problem). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = fieldOf(e);
        String message = "has the wrong type or format" + (e.getTargetType() == null ? ""
                : " (expected " + expected(e.getTargetType()) + ")");
        return respond(Problem.of(400, "invalid-field", "Bad request", field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    private static final Pattern QUOTED_TYPE = Pattern.compile("`[^`]*`");

    static String withoutTypeNames(String message) {
        return QUOTED_TYPE.matcher(message).replaceAll("value").lines().findFirst().orElse("");
    }

    /** The JSON path of the failure ("steps[0].delay"), "body" when it is the document itself. */
    static String fieldOf(JsonProcessingException e) {
        String field = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        } else if (e instanceof StreamReadException r && r.getProcessor() != null) {
            field = path(r.getProcessor().getParsingContext());
        }
        return field.isEmpty() ? "body" : field;
    }

    private static String path(JsonStreamContext context) {
        StringBuilder b = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String part = c.inArray() ? "[" + Math.max(0, c.getCurrentIndex()) + "]"
                    : c.getCurrentName() == null ? "" : "." + c.getCurrentName();
            b.insert(0, part);
        }
        return b.length() > 0 && b.charAt(0) == '.' ? b.substring(1) : b.toString();
    }

    private static String expected(Class<?> type) {
        if (type == java.time.Duration.class) {
            return "an ISO-8601 duration such as PT24H";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-03-01T10:00:00Z";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.") ? "an object" : "a value";
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return badJson(json);
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return respond(Problem.of(status, "http-" + status, title, e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (Dependencies.unreachable(e)) {
            // the database (or another dependency) cannot be reached: a temporary condition, say so and when to retry
            LOG.warnf("dependency unreachable: %s", e.getMessage());
            return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "5")
                    .entity(Problem.of(503, "dependency-unavailable", "Service unavailable",
                            "a backing service (database) cannot be reached right now; retry after 5 s")).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected error %s", errorId);
        return respond(Problem.of(500, "internal", "Internal error",
                "an unexpected error occurred; quote error id " + errorId + " when reporting it"));
    }
}
