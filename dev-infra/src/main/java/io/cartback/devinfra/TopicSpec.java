package io.cartback.devinfra;

import java.util.List;
import java.util.Map;

import io.cartback.contracts.Topics;

/**
 * A topic with its partitions and configs. {@link #all()} is the suite's topic list for local runs and tests;
 * deploy/base/kafka/topics.yaml holds the same list for Kubernetes (a test checks they agree).
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {

    public static List<TopicSpec> all() {
        return List.of(
                new TopicSpec(Topics.EVENTS, 6, Map.of("retention.ms", Long.toString(7L * 24 * 3600 * 1000))),
                // GDPR: an erased profile's older snapshots must go within a day (max.compaction.lag.ms forces the
                // segment roll and the clean); its tombstone stays a week, so a consumer down that long still sees it
                new TopicSpec(Topics.PROFILES, 6, Map.of("cleanup.policy", "compact",
                        "max.compaction.lag.ms", Long.toString(24L * 3600 * 1000),
                        "delete.retention.ms", Long.toString(7L * 24 * 3600 * 1000))),
                new TopicSpec(Topics.IDENTITY_MERGES, 6, Map.of()),
                new TopicSpec(Topics.CHECKOUTS_ABANDONED, 6, Map.of()),
                new TopicSpec(Topics.CHECKOUTS_RECOVERED, 6, Map.of()),
                // GDPR block list: compacted (one record per hash, kept for good), small; every ingest replica reads
                // all of it, so one partition is enough
                new TopicSpec(Topics.ERASED_IDENTIFIERS, 1, Map.of("cleanup.policy", "compact")));
    }
}
