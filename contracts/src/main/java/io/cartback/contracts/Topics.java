package io.cartback.contracts;

/**
 * Versioned topic names. A breaking change to a record gets a new topic (".v2"), never an in-place edit;
 * additive changes (new nullable fields) stay on the same topic because consumers ignore unknown fields.
 */
public final class Topics {
    /** Every accepted tracking call, keyed by the shopper's stable key (anonymousId, else userId). */
    public static final String EVENTS = "cdp.events.v1";
    /** Latest {@link ProfileSnapshot} per profile id; compacted; null value (tombstone) on erasure. */
    public static final String PROFILES = "cdp.profiles.v1";
    /** One {@link IdentityMerge} per merge of profiles, keyed by the surviving profile id. */
    public static final String IDENTITY_MERGES = "cdp.identity-merges.v1";
    /** One {@link CheckoutAbandoned} per abandoned cart/checkout, keyed by the shopper key. */
    public static final String CHECKOUTS_ABANDONED = "cdp.checkouts-abandoned.v1";
    /** One {@link CheckoutRecovered} when an abandoned cart is later ordered, keyed by the shopper key. */
    public static final String CHECKOUTS_RECOVERED = "cdp.checkouts-recovered.v1";
    /**
     * One {@link ErasedIdentifier} per identifier of an erased person, keyed by its keyed hash; compacted, so it
     * holds every erased identifier for good. ingest-service reads it whole to refuse their later events.
     */
    public static final String ERASED_IDENTIFIERS = "cdp.erased-identifiers.v1";

    private Topics() {
    }
}
