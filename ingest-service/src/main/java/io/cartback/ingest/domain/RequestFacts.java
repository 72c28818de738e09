package io.cartback.ingest.domain;

import java.time.Instant;
import java.util.Map;

/**
 * What the HTTP request tells about all calls in it: when it arrived, from which source, the client's address
 * and user agent (added to context when the SDK did not send them), and batch-level fields that apply to every
 * call of a batch unless the call has its own ({@code sentAt}, {@code context}).
 */
public record RequestFacts(Instant receivedAt, String sourceId, String ip, String userAgent, Object batchSentAt,
                           Map<String, Object> batchContext) {
}
