package io.cartback.ingest.service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.cartback.contracts.TrackedEvent;
import io.cartback.ingest.config.IngestConfig;
import io.cartback.ingest.domain.CallOutcome;
import io.cartback.ingest.domain.PublishCircuit;
import io.cartback.ingest.domain.Source;
import io.cartback.ingest.messaging.ErasedIdentifiersConsumer;
import io.cartback.ingest.messaging.EventPublisher;
import io.cartback.ingest.persistence.SeenMessageRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Accepts validated calls: drops retries already stored (same source + messageId + content), refuses a known
 * messageId with different content (conflict), publishes the rest and remembers them once Kafka acknowledged.
 *
 * <p>Ordering matters for "never lose what was accepted": ids are remembered only after the acknowledgement, so
 * a failed publish leaves nothing behind that would make the client's retry look like a duplicate. The price is
 * a small window (crash between ack and remember, or two identical requests racing) where a retry is published
 * twice; every consumer is idempotent by messageId, so that costs a little work, never a wrong answer.
 */
@ApplicationScoped
public class IngestService {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private final EventPublisher publisher;
    private final SeenMessageRepository seen;
    private final IngestConfig config;
    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter conflicts;
    private final PublishCircuit circuit;
    private final Duration publishDeadline;
    private final ErasureFilter erasures;
    private final ErasedIdentifiersConsumer erasedList;
    private final Counter droppedErased;

    public IngestService(EventPublisher publisher, SeenMessageRepository seen, IngestConfig config, MeterRegistry registry,
                         ErasureFilter erasures, ErasedIdentifiersConsumer erasedList) {
        this.publisher = publisher;
        this.erasures = erasures;
        this.erasedList = erasedList;
        this.droppedErased = registry.counter("cdp_ingest_events_dropped", "reason", "erased");
        this.seen = seen;
        this.config = config;
        this.registry = registry;
        this.accepted = registry.counter("cdp_ingest_events_accepted");
        this.duplicates = registry.counter("cdp_ingest_duplicates", "kind", "retry");
        this.conflicts = registry.counter("cdp_ingest_duplicates", "kind", "conflict");
        // the producer gives up after kafka-timeout-ms; the request waits one more second for its verdict, no more
        this.publishDeadline = Duration.ofMillis(config.kafkaTimeoutMs() + 1000L);
        this.circuit = new PublishCircuit(1000, publishDeadline.toMillis());
        registry.gauge("cdp_ingest_kafka_circuit_open", circuit, c -> c.isOpen() ? 1 : 0);
    }

    /** The outcome for the client: how many are stored (new or already), and the calls refused here. */
    public record Result(int stored, int duplicates, List<Conflict> conflicts) {
    }

    /** A call whose messageId was already stored with different content; {@code index} in the request. */
    public record Conflict(int index, String messageId) {
    }

    /** Thrown while the erased identifiers are not loaded yet (replica starting, Kafka unreachable): 503. */
    public static final class NotReady extends RuntimeException {
        public NotReady(String message) {
            super(message, null, false, false);
        }
    }

    /** Thrown when Kafka did not acknowledge: the client must retry (503). */
    public static final class NotStored extends RuntimeException {
        public NotStored(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public void countRejected(String reason) {
        registry.counter("cdp_ingest_events_rejected", "reason", reason).increment();
    }

    /**
     * Publishing failed and no probe has succeeded since: answer 503 at once instead of queueing (see
     * {@link PublishCircuit}). False for the one request that is let through as the probe.
     */
    public boolean brokerRecentlyFailed() {
        return !circuit.admit(System.currentTimeMillis());
    }

    /**
     * Calls that name an erased person (GDPR) are dropped here: answered like stored ones, so the answer does not
     * tell anyone holding a (public) write key who was erased, but never published nor remembered.
     *
     * @param calls accepted calls with their index in the request
     */
    public Uni<Result> store(Source source, Map<Integer, CallOutcome.Accepted> calls) {
        if (calls.isEmpty()) {
            return Uni.createFrom().item(new Result(0, 0, List.of()));
        }
        return Uni.createFrom().completionStage(erasedList.loaded())
                .ifNoItem().after(publishDeadline).failWith(() -> new NotReady(
                        "the list of erased people is not loaded yet (cdp.erased-identifiers.v1)"))
                .chain(() -> {
                    Map<Integer, CallOutcome.Accepted> kept = new LinkedHashMap<>();
                    calls.forEach((index, call) -> {
                        if (!erasures.namesErasedPerson(call.event())) {
                            kept.put(index, call);
                        }
                    });
                    int erased = calls.size() - kept.size();
                    droppedErased.increment(erased);
                    return kept.isEmpty() ? Uni.createFrom().item(new Result(erased, 0, List.of()))
                            : storeKept(source, kept).map(r -> new Result(r.stored() + erased, r.duplicates(),
                                    r.conflicts()));
                });
    }

    private Uni<Result> storeKept(Source source, Map<Integer, CallOutcome.Accepted> calls) {
        // the first occurrence of a messageId inside one request wins; later ones are retries or conflicts
        Map<String, Integer> firstIndex = new LinkedHashMap<>();
        List<Conflict> conflictList = new ArrayList<>();
        int[] dupes = {0};
        Map<String, CallOutcome.Accepted> unique = new LinkedHashMap<>();
        calls.forEach((index, call) -> {
            String id = call.event().messageId();
            CallOutcome.Accepted first = unique.get(id);
            if (first == null) {
                unique.put(id, call);
                firstIndex.put(id, index);
            } else if (first.fingerprint().equals(call.fingerprint())) {
                dupes[0]++;
            } else {
                conflictList.add(new Conflict(index, id));
            }
        });
        List<String> ids = new ArrayList<>(unique.keySet());
        return seen.find(source.id(), ids)
                .onFailure().recoverWithItem(e -> {
                    // Without the dedupe store we still take events (consumers dedupe by messageId too).
                    LOG.warnf("dedupe lookup failed, publishing without it: %s", e.getMessage());
                    return Map.of();
                })
                .chain(known -> {
                    List<TrackedEvent> fresh = new ArrayList<>();
                    List<String> freshIds = new ArrayList<>();
                    List<String> freshFingerprints = new ArrayList<>();
                    for (Map.Entry<String, CallOutcome.Accepted> e : unique.entrySet()) {
                        String previous = known.get(e.getKey());
                        if (previous == null) {
                            fresh.add(e.getValue().event());
                            freshIds.add(e.getKey());
                            freshFingerprints.add(e.getValue().fingerprint());
                        } else if (previous.equals(e.getValue().fingerprint())) {
                            dupes[0]++;
                        } else {
                            conflictList.add(new Conflict(firstIndex.get(e.getKey()), e.getKey()));
                        }
                    }
                    return publisher.publish(fresh)
                            .ifNoItem().after(publishDeadline).fail()
                            .onFailure().transform(err -> {
                                circuit.failed(System.currentTimeMillis());
                                return new NotStored("Kafka did not acknowledge the events", err);
                            })
                            .invoke(circuit::succeeded)
                            .chain(() -> freshIds.isEmpty() ? Uni.createFrom().voidItem()
                                    : seen.remember(source.id(), freshIds, freshFingerprints, Instant.now())
                                            .onFailure().recoverWithItem(e -> {
                                                LOG.warnf("could not record %d message ids for dedupe: %s",
                                                        freshIds.size(), e.getMessage());
                                                return null;
                                            }))
                            .map(ignored -> {
                                accepted.increment(fresh.size());
                                duplicates.increment(dupes[0]);
                                if (!conflictList.isEmpty()) {
                                    conflicts.increment(conflictList.size());
                                    LOG.warnf("source %s sent %d known messageIds with different content: %s",
                                            source.id(), conflictList.size(),
                                            conflictList.stream().map(Conflict::messageId).limit(5).toList());
                                }
                                return new Result(fresh.size() + dupes[0], dupes[0], List.copyOf(conflictList));
                            });
                });
    }

    @Scheduled(every = "10m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeDedupeWindow() {
        Instant cutoff = Instant.now().minus(config.dedupeWindow());
        return seen.purgeOlderThan(cutoff)
                .invoke(n -> LOG.debugf("purged %d dedupe rows older than %s", n, cutoff))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("dedupe purge failed: %s", e.getMessage());
                    return 0;
                })
                .replaceWithVoid();
    }

}
