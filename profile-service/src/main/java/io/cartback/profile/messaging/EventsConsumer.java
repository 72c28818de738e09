package io.cartback.profile.messaging;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.contracts.TrackedEvent;
import io.cartback.profile.domain.ProfileEvent;
import io.cartback.profile.service.ProfileBatchService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

/**
 * cdp.events.v1 in batches (one poll = one DB transaction). The batch is acknowledged, and so its offsets
 * committed, only when the Uni completes: after the DB commit and after Kafka acknowledged the snapshots.
 * While PostgreSQL cannot be reached the batch waits for it (no offset moves). Any other failure after retries
 * nacks the batch and stops the consumer (failure-strategy=fail): health goes down, the pod restarts, the batch
 * is redelivered and de-duplicated by messageId.
 */
@ApplicationScoped
public class EventsConsumer {
    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);
    private final ObjectMapper json;
    private final ProfileBatchService service;
    private final ProfilePublisher publisher;
    private final Counter malformed;

    public EventsConsumer(ObjectMapper json, ProfileBatchService service, ProfilePublisher publisher,
                          MeterRegistry metrics) {
        this.json = json;
        this.service = service;
        this.publisher = publisher;
        this.malformed = metrics.counter("cdp.profile.events", "outcome", "malformed");
    }

    @Incoming("events-in")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<ProfileEvent> events = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> r : records) {
            try {
                TrackedEvent e = json.readValue(r.value(), TrackedEvent.class);
                if (e.messageId() == null || e.messageId().isBlank()) {
                    throw new IOException("no messageId");
                }
                events.add(EventMapper.toDomain(e));
            } catch (IOException | RuntimeException ex) {
                // a poison message must not block the partition; it was validated at ingest, so this is a bug
                malformed.increment();
                LOG.errorf("skipping unreadable event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        ex.getMessage());
            }
        }
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long t0 = System.nanoTime();
        // PostgreSQL unreachable: wait for it with this batch (offsets stay uncommitted), do not fail the channel
        return Dependencies.retryWhileUnreachable(() -> service.apply(events), "profile batch", LOG).chain(o -> {
            long t1 = System.nanoTime();
            return publisher.publish(o).invoke(() -> {
                if (LOG.isDebugEnabled()) {
                    LOG.debugf("batch %d records: transaction %d ms, publish %d snapshots/%d merges %d ms",
                            records.count(), (t1 - t0) / 1_000_000, o.snapshots().size(), o.merges().size(),
                            (System.nanoTime() - t1) / 1_000_000);
                }
            });
        });
    }
}
