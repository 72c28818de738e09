package io.cartback.funnel.config;

import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.CheckoutRecovered;
import io.cartback.contracts.Commerce;
import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.contracts.TrackedEvent;
import io.cartback.funnel.domain.CartData;
import io.cartback.funnel.domain.FreeShippingWhatIf;
import io.cartback.funnel.domain.FunnelDefinition;
import io.cartback.funnel.domain.FunnelReport;
import io.cartback.funnel.domain.Line;
import io.cartback.funnel.domain.ShopperEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Records Jackson reads or writes by reflection (native image). */
@RegisterForReflection(targets = {
        TrackedEvent.class, Commerce.class, ProductLine.class, IdentityMerge.class, ProfileSnapshot.class,
        ProfileSnapshot.Consent.class, ProfileSnapshot.ViewedProduct.class, ProfileSnapshot.Facts.class,
        CheckoutAbandoned.class, CheckoutRecovered.class,
        ShopperEvent.class, CartData.class, Line.class,
        FunnelDefinition.class, FunnelDefinition.Step.class, FunnelDefinition.Match.class,
        FunnelReport.class, FunnelReport.StepStats.class, FunnelReport.Breakdown.class, FunnelReport.Segment.class,
        FunnelReport.Day.class, FreeShippingWhatIf.Result.class, FreeShippingWhatIf.Bucket.class})
public final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
