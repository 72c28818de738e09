package io.cartback.ingest.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.cartback.ingest.domain.FieldError;

/** Bodies the tracking API answers with. */
public final class TrackingResponses {
    private TrackingResponses() {
    }

    /** 200: everything that was not listed in {@code rejected} is stored in Kafka. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Success(boolean success, Integer accepted, Integer duplicates, List<RejectedCall> rejected) {
        public static final Success PLAIN = new Success(true, null, null, null);
    }

    /** One refused call of a batch: its position, its messageId as sent, a stable reason code and field errors. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RejectedCall(int index, String messageId, String reason, List<FieldError> errors) {
    }

    /** 400 for a batch in which no call could be accepted (problem+json with the per-call list). */
    public record BatchProblem(String type, String title, int status, String detail, List<RejectedCall> rejected) {
    }
}
