package io.cartback.profile.config;

import io.cartback.contracts.Commerce;
import io.cartback.contracts.ErasedIdentifier;
import io.cartback.contracts.IdentityMerge;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.contracts.TrackedEvent;
import io.cartback.profile.domain.CartLine;
import io.cartback.profile.domain.Product;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.domain.ProfileRecords;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Records Jackson reads and writes in a native image: the contracts and the stored profile document. */
@RegisterForReflection(targets = {
        TrackedEvent.class, Commerce.class, ProductLine.class, IdentityMerge.class, ErasedIdentifier.class,
        ProfileSnapshot.class, ProfileSnapshot.Consent.class, ProfileSnapshot.ViewedProduct.class,
        ProfileSnapshot.Facts.class,
        Profile.Data.class, CartLine.class, Product.class, ProfileRecords.IdentityLink.class,
        ProfileRecords.TraitValue.class, ProfileRecords.Stamped.class, ProfileRecords.ConsentState.class,
        ProfileRecords.ViewedProduct.class, ProfileRecords.HistoryEntry.class, ProfileRecords.Facts.class})
public final class ReflectionConfig {
    private ReflectionConfig() {
    }
}
