package io.cartback.kit.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 7807 problem document ({@code application/problem+json}). {@code type} is a stable URN a client can
 * switch on; {@code detail} says what was wrong in words; {@code errors} names each bad field.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem("urn:cartback:problem:" + type, title, status, detail, null, null);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(type, title, status, detail, instance, fieldErrors);
    }

    /** One bad field: its JSON path ({@code properties.price}) and why. */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
