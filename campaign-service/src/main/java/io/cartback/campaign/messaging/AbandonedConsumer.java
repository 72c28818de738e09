package io.cartback.campaign.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cartback.kit.resilience.Dependencies;
import io.cartback.campaign.service.ContractMapping;
import io.cartback.campaign.service.EnrollmentService;
import io.cartback.campaign.service.WatermarkService;
import io.cartback.contracts.CheckoutAbandoned;
import io.smallrye.mutiny.Uni;

/** cdp.checkouts-abandoned.v1 -> enrolments and schedules; acknowledged after the DB commit. */
@ApplicationScoped
public class AbandonedConsumer {
    private static final Logger LOG = Logger.getLogger(AbandonedConsumer.class);
    private final ObjectMapper mapper;
    private final EnrollmentService enrollment;
    private final WatermarkService watermark;

    public AbandonedConsumer(ObjectMapper mapper, EnrollmentService enrollment, WatermarkService watermark) {
        this.mapper = mapper;
        this.enrollment = enrollment;
        this.watermark = watermark;
    }

    @Incoming("abandoned-in")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return Uni.createFrom().voidItem();
        }
        CheckoutAbandoned c;
        try {
            c = mapper.readValue(record.value(), CheckoutAbandoned.class);
        } catch (Exception e) {
            LOG.errorf("skipping unreadable abandonment at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return Uni.createFrom().voidItem();
        }
        return Dependencies.retryWhileUnreachable(() -> enrollment.enroll(ContractMapping.abandonment(c), record.value()),
                "campaign enrollment", LOG)
                .invoke(() -> watermark.observe(c.abandonedAt()))
                .replaceWithVoid();
    }
}
