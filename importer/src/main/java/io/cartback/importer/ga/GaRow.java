package io.cartback.importer.ga;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One row of the Google Merchandise Store GA360 export (see ../shared/data/README.md): a page hit, or one
 * product of an e-commerce hit. Empty fields are null. Ids are text (visitor ids may have a leading zero).
 * {@code line} is the 1-based line number in the file, for error messages.
 */
public record GaRow(
        long line,
        Instant eventTime,
        String eventType,
        String sessionId,
        String visitorId,
        Integer visitNumber,
        int hitNumber,
        Integer productIndex,
        String productSku,
        String productName,
        String productCategory,
        BigDecimal priceUsd,
        Long quantity,
        String transactionId,
        BigDecimal transactionRevenueUsd,
        String pagePath,
        String deviceCategory,
        String country,
        String channelGrouping) {

    public static final String PAGE_VIEW = "page_view";
    public static final String PRODUCT_LIST_CLICK = "product_list_click";
    public static final String PRODUCT_VIEW = "product_view";
    public static final String ADD_TO_CART = "add_to_cart";
    public static final String REMOVE_FROM_CART = "remove_from_cart";
    public static final String CHECKOUT = "checkout";
    public static final String PURCHASE = "purchase";

    /** The hit this row belongs to: rows of one hit share it (and are adjacent in the file). */
    public String hitKey() {
        return sessionId + "#" + hitNumber;
    }
}
