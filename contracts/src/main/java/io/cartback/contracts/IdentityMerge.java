package io.cartback.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Two or more profiles became one on {@link Topics#IDENTITY_MERGES}, keyed by {@code survivingProfileId}.
 * {@code identifiers} are the ids that moved ("anonymousId:abc", "userId:u1", "email:a@b.c"), so a consumer
 * that keys state by a shopper id (funnel) can move it onto the surviving profile.
 */
public record IdentityMerge(
        String mergeId,
        String survivingProfileId,
        List<String> mergedProfileIds,
        List<String> identifiers,
        String reason,
        String causedByMessageId,
        Instant eventTime) {
}
