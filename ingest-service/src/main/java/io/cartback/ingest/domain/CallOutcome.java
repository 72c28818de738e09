package io.cartback.ingest.domain;

import java.util.List;

import io.cartback.contracts.TrackedEvent;

/** What became of one tracking call: accepted as an event, or rejected with the reasons. */
public sealed interface CallOutcome {

    /** {@code fingerprint} identifies the content (not the delivery) so a retry can be told from a conflict. */
    record Accepted(TrackedEvent event, String fingerprint) implements CallOutcome {
    }

    /** {@code messageId} as sent (may be null); {@code reason} a stable code; {@code errors} per field. */
    record Rejected(String messageId, String reason, List<FieldError> errors) implements CallOutcome {
    }
}
