package io.cartback.importer.ga;

import java.util.Map;

/**
 * What the GA mapping did, and how often each data quirk rule fired (docs/ga-mapping.md states every rule).
 *
 * @param rows                       GA rows mapped
 * @param hits                       hits (rows grouped by session_id + hit_number)
 * @param calls                      Segment calls produced
 * @param callsByEvent               calls per track event name, plus "page" and "identify"
 * @param duplicatePurchaseHits      purchase hits of an order already sent (GA logs each order 2+ times): no call
 * @param purchaseHitsWithoutOrderId purchase hits with no transaction_id: no call
 * @param ordersWithoutRevenue       orders none of whose hits logged transaction_revenue_usd: sent without revenue
 * @param purchaseQuantitiesAssumed  order lines with no quantity logged on any hit: quantity 1
 * @param checkoutCartRepeats        checkout hits repeating the visitor's cart unchanged: no product events
 * @param checkoutPricesReplaced     checkout lines whose logged price differed from the SKU's unit price
 *                                   (mostly line totals): the unit price was used
 * @param checkoutLineTotalsDivided  checkout lines of never-priced SKUs with quantity > 1: price / quantity
 * @param checkoutQuantitiesFromCart checkout lines without quantity, taken from the tracked cart
 * @param checkoutQuantitiesAssumed  checkout lines without quantity and not in the tracked cart: quantity 1
 * @param removesMatchedByName       removes naming another (variant) SKU than was added: matched by product_name
 * @param removesUnmatched           removes of a product not in the tracked cart: sent as logged, cart unchanged
 * @param absurdQuantities           quantities over 1,000: quantity 1
 * @param nonPositiveQuantities      quantities of 0 or less: quantity 1
 * @param zeroPricesRepriced         prices of 0 replaced by the SKU's last seen unit price
 * @param zeroPricesUnknown          prices of 0 for a never-priced SKU: price left out
 * @param generatedEmails            identify calls with a generated v&lt;visitor_id&gt;@example.com address
 */
public record ImportStats(
        long rows,
        long hits,
        long calls,
        Map<String, Long> callsByEvent,
        long duplicatePurchaseHits,
        long purchaseHitsWithoutOrderId,
        long ordersWithoutRevenue,
        long purchaseQuantitiesAssumed,
        long checkoutCartRepeats,
        long checkoutPricesReplaced,
        long checkoutLineTotalsDivided,
        long checkoutQuantitiesFromCart,
        long checkoutQuantitiesAssumed,
        long removesMatchedByName,
        long removesUnmatched,
        long absurdQuantities,
        long nonPositiveQuantities,
        long zeroPricesRepriced,
        long zeroPricesUnknown,
        long generatedEmails) {
}
