package io.cartback.contracts;

import java.time.Instant;

/**
 * One identifier of a person erased by profile-service (GDPR), on {@link Topics#ERASED_IDENTIFIERS} with key =
 * {@code keyHash}. Never the identifier itself: {@code keyHash} is the lower-case hex HMAC-SHA256, under the
 * suite's erasure key ({@code CDP_ERASURE_KEY}), of the identifier's erasure key ({@code userId:u-1},
 * {@code anonymousId:a-1}, {@code deviceId:d-1}, {@code email:<trimmed, lower-cased address>}).
 */
public record ErasedIdentifier(
        String keyHash,
        Instant erasedAt) {
}
