package io.cartback.campaign.config;

import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.CheckoutRecovered;
import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.contracts.TrackedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Contract records are (de)serialised by Jackson; register them for native images. */
@RegisterForReflection(targets = {CheckoutAbandoned.class, CheckoutRecovered.class, Commerce.class,
        ProductLine.class, ProfileSnapshot.class, ProfileSnapshot.Consent.class, ProfileSnapshot.ViewedProduct.class,
        ProfileSnapshot.Facts.class, TrackedEvent.class})
public class ReflectionConfig {
}
