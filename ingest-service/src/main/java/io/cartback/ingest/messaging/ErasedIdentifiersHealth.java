package io.cartback.ingest.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the erased identifiers are loaded: a replica must not take calls it cannot check. */
@Readiness
@ApplicationScoped
public class ErasedIdentifiersHealth implements HealthCheck {
    private final ErasedIdentifiersConsumer consumer;

    public ErasedIdentifiersHealth(ErasedIdentifiersConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("erased-identifiers").status(consumer.loaded().isDone())
                .withData("count", consumer.set().size()).build();
    }
}
