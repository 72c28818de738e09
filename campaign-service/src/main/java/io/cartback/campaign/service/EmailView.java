package io.cartback.campaign.service;

import java.util.List;

import io.quarkus.qute.TemplateData;

/**
 * What a campaign template sees as {@code email}. Every URL is already tracked and signed. Names are raw text;
 * HTML templates escape them, and {@code dir="auto"} in the built-in template keeps RTL names readable.
 */
@TemplateData
public record EmailView(
        String firstName,
        String campaignName,
        int step,
        List<Line> lines,
        int moreLines,
        String cartUrl,
        String subtotal,
        boolean offerShown,
        boolean freeShipping,
        String threshold,
        String missing,
        List<Product> recommendations,
        String unsubscribeUrl,
        String openPixelUrl) {

    @TemplateData
    public record Line(String name, long quantity, String unitPrice, String total, String url, String imageUrl) {
    }

    @TemplateData
    public record Product(String name, String price, String url, String imageUrl, boolean closesGap) {
    }
}
