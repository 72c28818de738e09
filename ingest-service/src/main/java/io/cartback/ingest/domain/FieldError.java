package io.cartback.ingest.domain;

/** What was wrong with one field of a call, by JSON path. */
public record FieldError(String field, String message) {
}
