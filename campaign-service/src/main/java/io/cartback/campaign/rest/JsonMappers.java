package io.cartback.campaign.rest;

import java.util.List;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.cartback.kit.problem.Problem;
import io.cartback.kit.problem.ProblemMappers;

/**
 * A JSON value of the wrong shape ("delay": "soon") answers with a problem naming the field, instead of the
 * framework's default body. Narrower than service-kit's JSON mapper, so it wins for these.
 */
public class JsonMappers {

    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        if (field.isEmpty()) {
            field = "body";
        }
        String message = "has the wrong type or format" + (e.getTargetType() == null ? ""
                : " (expected " + expected(e.getTargetType()) + ")");
        return ProblemMappers.respond(Problem.of(400, "invalid-field", "Bad request", field + " " + message)
                .withErrors(List.of(new Problem.FieldError(field, message))));
    }

    private static String expected(Class<?> type) {
        if (type == java.time.Duration.class) {
            return "an ISO-8601 duration such as PT24H";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 instant such as 2026-03-01T10:00:00Z";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type.getSimpleName();
    }

}
