package io.cartback.funnel.messaging;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.contracts.TrackedEvent;
import io.cartback.funnel.service.FunnelProcessor;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * cdp.events.v1, in batches: one transaction per poll. The offsets are committed only after the method returns
 * (the batch is in the database); a failure stops the channel rather than skipping events. An unreadable record
 * is logged and skipped: it can never become readable by retrying.
 */
@ApplicationScoped
public class EventsConsumer {
    private static final Logger LOG = Logger.getLogger(EventsConsumer.class);
    private final ObjectMapper json;
    private final FunnelProcessor processor;

    public EventsConsumer(ObjectMapper json, FunnelProcessor processor) {
        this.json = json;
        this.processor = processor;
    }

    @Incoming("events-in")
    @Blocking(ordered = true)
    public void consume(ConsumerRecords<String, String> records) {
        List<FunnelProcessor.Arrived> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> r : records) {
            if (r.value() == null) {
                continue;
            }
            try {
                batch.add(new FunnelProcessor.Arrived(r.partition(),
                        EventMapping.toShopperEvent(json.readValue(r.value(), TrackedEvent.class))));
            } catch (JsonProcessingException | RuntimeException e) {
                LOG.warnf("skipping unreadable event at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(),
                        e.getMessage());
            }
        }
        // PostgreSQL unreachable: wait for it with this batch (offsets stay uncommitted), do not fail the channel
        Dependencies.runWhileUnreachable(() -> processor.applyEvents(batch), "funnel events batch", LOG);
    }
}
