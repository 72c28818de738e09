package io.cartback.campaign.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.campaign.persistence.ShopperStore;
import io.cartback.campaign.service.WatermarkService;
import io.cartback.contracts.CheckoutRecovered;
import io.smallrye.mutiny.Uni;

/** cdp.checkouts-recovered.v1 -> orders linked to abandonments (exit rule and attribution). */
@ApplicationScoped
public class RecoveredConsumer {
    private static final Logger LOG = Logger.getLogger(RecoveredConsumer.class);
    private final ObjectMapper mapper;
    private final ShopperStore store;
    private final WatermarkService watermark;

    public RecoveredConsumer(ObjectMapper mapper, ShopperStore store, WatermarkService watermark) {
        this.mapper = mapper;
        this.store = store;
        this.watermark = watermark;
    }

    @Incoming("recovered-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        CheckoutRecovered r;
        try {
            r = mapper.readValue(record.value(), CheckoutRecovered.class);
        } catch (Exception e) {
            LOG.errorf("skipping unreadable recovery at offset %d: %s", record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        if (r.orderedAt() == null) {
            return Uni.createFrom().voidItem();
        }
        String orderId = r.orderId() != null ? r.orderId() : "abandonment:" + r.abandonmentId();
        return Dependencies.retryWhileUnreachable(() -> store.recordRecovery(orderId, r.abandonmentId(), r.cartId(),
                r.revenue(), r.currency(), r.orderedAt()), "campaign recovery", LOG)
                .invoke(() -> watermark.observe(r.orderedAt()));
    }
}
