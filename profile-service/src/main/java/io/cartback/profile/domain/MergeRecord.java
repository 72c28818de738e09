package io.cartback.profile.domain;

import java.time.Instant;
import java.util.List;

/**
 * Identifiers that moved onto {@code survivingProfileId}: a merge ({@code mergedProfileIds} not empty) or a
 * relink of a device/anonymous id to the latest user ({@code mergedProfileIds} empty). {@code identifiers} lists
 * the moved ids followed by the survivor's userIds, so a consumer keyed by shopper id can find the known shopper.
 */
public record MergeRecord(String mergeId, String survivingProfileId, List<String> mergedProfileIds,
                          List<String> identifiers, String reason, String causedByMessageId, Instant eventTime) {
}
