package io.cartback.profile.messaging;

import java.time.Instant;
import java.util.List;

import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;
import io.cartback.profile.domain.CartLine;
import io.cartback.profile.domain.IdType;
import io.cartback.profile.domain.Product;
import io.cartback.profile.domain.Profile;
import io.cartback.profile.domain.ProfileRecords;

/** Profile -> the ProfileSnapshot contract (also the REST view of a profile). */
public final class SnapshotMapper {
    private SnapshotMapper() {
    }

    public static ProfileSnapshot toSnapshot(Profile p, Instant now) {
        ProfileRecords.ConsentState c = p.effectiveConsent();
        ProfileRecords.Facts f = p.facts();
        return new ProfileSnapshot(
                p.id(), p.version(), now, p.email().orElse(null), p.values(IdType.USER_ID),
                p.values(IdType.ANONYMOUS_ID), p.traitValues(),
                new ProfileSnapshot.Consent(c.emailMarketing(), c.changedAt(), c.source(), c.unsubscribed()),
                cart(p.cart().lines()), p.cart().currency(), p.cart().updatedAt(),
                p.recentlyViewed().stream().map(v -> new ProfileSnapshot.ViewedProduct(v.product().productId(),
                        v.product().sku(), v.product().name(), v.product().category(), v.product().price(),
                        v.currency(), v.product().url(), v.product().imageUrl(), v.viewedAt())).toList(),
                new ProfileSnapshot.Facts(f.firstSeen(), f.lastSeen(), f.orders(), f.revenue(), f.lastOrderAt(),
                        f.purchasedProductIds(), value(f.deviceType()), value(f.channel()), value(f.timezone()),
                        value(f.locale())));
    }

    public static List<ProductLine> cart(List<CartLine> lines) {
        return lines.stream().map(l -> line(l.product(), l.quantity())).toList();
    }

    static ProductLine line(Product p, long quantity) {
        return new ProductLine(p.productId(), p.sku(), p.name(), p.category(), p.brand(), p.variant(), p.price(),
                quantity, p.url(), p.imageUrl());
    }

    private static String value(ProfileRecords.Stamped s) {
        return s == null ? null : s.value();
    }
}
