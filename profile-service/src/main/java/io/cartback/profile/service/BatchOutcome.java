package io.cartback.profile.service;

import java.util.List;

import io.cartback.contracts.ProfileSnapshot;

/** What a committed batch must publish: snapshots of changed profiles, tombstones of merged-away ones, merges. */
public record BatchOutcome(List<ProfileSnapshot> snapshots, List<String> tombstones, List<MergeMessage> merges,
                           int applied, int skipped, int duplicates) {

    /** An IdentityMerge already serialised (it is stored in merge_log in the same form). */
    public record MergeMessage(String key, byte[] json) {
    }
}
