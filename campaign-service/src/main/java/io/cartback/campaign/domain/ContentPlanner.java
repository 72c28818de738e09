package io.cartback.campaign.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Builds the {@link EmailPlan} for a cart. Names that are missing fall back to the product id. */
public final class ContentPlanner {
    private ContentPlanner() {
    }

    public static EmailPlan plan(CampaignDefinition campaign, Cart cart, List<ViewedProduct> history,
            Set<String> purchased, Locale locale, String defaultCurrency) {
        String offerCurrency = campaign.offer() == null ? null : campaign.offer().currencyUpper();
        String currency = Money.resolveCurrency(cart.currency(), offerCurrency, defaultCurrency);
        int max = Math.max(1, campaign.maxLines());
        List<EmailPlan.Line> lines = new ArrayList<>();
        List<CartLine> cartLines = cart.lines().stream().filter(l -> l.quantity() > 0).toList();
        for (CartLine l : cartLines.subList(0, Math.min(max, cartLines.size()))) {
            lines.add(new EmailPlan.Line(l.productId(), displayName(l.name(), l.productId()), l.quantity(),
                    l.unitPrice() == null ? null : Money.format(l.unitPrice(), currency, locale),
                    Money.format(l.lineTotal(), currency, locale), blankToNull(l.url()), blankToNull(l.imageUrl())));
        }
        int more = cartLines.size() - lines.size();
        BigDecimal subtotal = cart.merchandiseSubtotal();

        EmailPlan.Offer offer = EmailPlan.Offer.NONE;
        BigDecimal gap = BigDecimal.ZERO;
        if (campaign.offer() != null) {
            FreeShippingOffer.Outcome o = campaign.offer().evaluate(cart, currency);
            if (o.applicable()) {
                gap = o.missing();
                offer = new EmailPlan.Offer(true, o.qualifies(),
                        Money.format(campaign.offer().threshold(), currency, locale),
                        o.qualifies() ? null : Money.format(o.missing(), currency, locale), o.missing());
            }
        }
        List<EmailPlan.Recommendation> recs = new ArrayList<>();
        if (offer.shown() && !offer.qualifies()) {
            for (ViewedProduct p : Recommender.choose(history, cart, purchased, gap, campaign.recommendations(),
                    currency)) {
                recs.add(new EmailPlan.Recommendation(p.productId(), displayName(p.name(), p.productId()),
                        Money.format(p.price(), currency, locale), blankToNull(p.url()), blankToNull(p.imageUrl()),
                        p.price().compareTo(gap) >= 0));
            }
        }
        return new EmailPlan(currency, List.copyOf(lines), more, subtotal, Money.format(subtotal, currency, locale),
                offer, List.copyOf(recs));
    }

    private static String displayName(String name, String productId) {
        if (name != null && !name.isBlank()) {
            return name.strip();
        }
        return productId == null ? "Item" : productId;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
