package io.cartback.ingest.config;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.TrackedEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Contract records are serialised with Jackson by reflection; a native image must know them. */
@RegisterForReflection(targets = {TrackedEvent.class, Commerce.class, ProductLine.class})
public class NativeRegistrations {
}
