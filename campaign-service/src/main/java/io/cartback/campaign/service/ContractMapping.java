package io.cartback.campaign.service;

import java.util.List;

import io.cartback.campaign.domain.Abandonment;
import io.cartback.campaign.domain.CartLine;
import io.cartback.campaign.domain.ViewedProduct;
import io.cartback.contracts.CheckoutAbandoned;
import io.cartback.contracts.ProductLine;
import io.cartback.contracts.ProfileSnapshot;

/** Contract records to domain records. */
public final class ContractMapping {
    private ContractMapping() {
    }

    public static Abandonment abandonment(CheckoutAbandoned c) {
        return new Abandonment(c.abandonmentId(), c.shopperKey(), c.anonymousId(), c.userId(), c.cartId(),
                c.checkoutId(), c.stageReached(), c.reason(), c.cartValue(), c.currency(), lines(c.lines()),
                c.lastActivityAt(), c.abandonedAt());
    }

    public static List<CartLine> lines(List<ProductLine> lines) {
        if (lines == null) {
            return List.of();
        }
        return lines.stream().map(l -> new CartLine(l.productId() != null ? l.productId() : l.sku(), l.name(),
                l.quantity() == null ? 1 : l.quantity(), l.price(), l.url(), l.imageUrl())).toList();
    }

    public static List<ViewedProduct> viewed(ProfileSnapshot p) {
        if (p == null || p.recentlyViewed() == null) {
            return List.of();
        }
        return p.recentlyViewed().stream().map(v -> new ViewedProduct(v.productId() != null ? v.productId() : v.sku(),
                v.name(), v.price(), v.currency(), v.url(), v.imageUrl(), v.viewedAt())).toList();
    }
}
