package io.cartback.importer.send;

import java.util.List;
import java.util.Map;

/**
 * What became of every call handed to the sender. {@code submitted = accepted + rejected + undelivered}: nothing
 * is dropped without being counted here.
 *
 * @param submitted         calls handed to the sender
 * @param accepted          calls the ingest API answered 200 for and did not list as rejected
 * @param duplicates        of the accepted, calls ingest already had (same messageId, same content): stored once
 * @param rejected          calls refused with a reason (by the server, or locally when over the 32 KB limit)
 * @param rejectedByReason  rejected calls per reason code
 * @param rejectionSamples  up to 20 examples: messageId, reason and details as the server gave them
 * @param undelivered       calls never acknowledged because the import stopped (see {@code fatalError})
 * @param batches           successful POST /v1/batch requests
 * @param retries           retried requests (429, 503, other 5xx, timeouts, connection errors)
 * @param retriesByCause    retries per HTTP status or error class
 * @param requestBytes      bytes of JSON sent in successful batches (before gzip)
 * @param seconds           wall time from the first call to the last acknowledgement
 * @param eventsPerSecond   (accepted + rejected) / seconds
 * @param fatalError        why the import stopped early, or null
 */
public record DeliverySummary(
        long submitted,
        long accepted,
        long duplicates,
        long rejected,
        Map<String, Long> rejectedByReason,
        List<Rejection> rejectionSamples,
        long undelivered,
        long batches,
        long retries,
        Map<String, Long> retriesByCause,
        long requestBytes,
        double seconds,
        double eventsPerSecond,
        String fatalError) {

    /** One refused call. */
    public record Rejection(String messageId, String reason, String details) {
    }
}
