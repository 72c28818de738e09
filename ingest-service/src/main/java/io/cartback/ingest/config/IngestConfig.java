package io.cartback.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** ingest-service settings ({@code cdp.ingest.*}). */
@ConfigMapping(prefix = "cdp.ingest")
public interface IngestConfig {
    /** HMAC key for stored write keys; env CDP_WRITE_KEY_PEPPER in production, no default. */
    String writeKeyPepper();

    /**
     * The suite's erasure key (env CDP_ERASURE_KEY, the same value profile-service has; no default): calls naming an
     * identifier whose keyed hash is on cdp.erased-identifiers.v1 are not published.
     */
    String erasureKey();

    /** Segment's per-event limit: 32 KB. */
    @WithDefault("32768")
    int maxEventBytes();

    /** Segment's per-batch limit: 500 KB, measured after gzip decompression. */
    @WithDefault("512000")
    int maxBatchBytes();

    /** How long a (source, messageId) is remembered to drop retries; at least 24 h. */
    @WithDefault("48h")
    Duration dedupeWindow();

    /** Retry-After sent with 503 when Kafka does not acknowledge. */
    @WithDefault("5")
    int retryAfterSeconds();

    /** Kafka delivery timeout: after this a request that was not acknowledged gets 503 (nothing stored). */
    @WithDefault("6000")
    int kafkaTimeoutMs();

    /** How long a resolved write key is trusted before the database is asked again (disable/rotate latency). */
    @WithDefault("10s")
    Duration sourceCacheTtl();

    /**
     * While PostgreSQL cannot be reached, a write key resolved within this time keeps working (stale answer);
     * others get 503. Storefronts keep sending through a database outage; Kafka is what stores events.
     */
    @WithDefault("1h")
    Duration sourceStaleIfError();
}
