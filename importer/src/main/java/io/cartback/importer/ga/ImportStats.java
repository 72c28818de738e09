package io.cartback.importer.ga;

import java.util.ArrayList;
import java.util.List;
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

    /** One data-quirk rule with how often it fired, for reports (docs/ga-mapping.md states each rule in full). */
    public record Quirk(String counter, long count, String rule) {
    }

    /** The quirk counters in a fixed order, each with its rule in one line. */
    public List<Quirk> quirks() {
        List<Quirk> q = new ArrayList<>();
        q.add(new Quirk("duplicatePurchaseHits", duplicatePurchaseHits,
                "order logged on another purchase hit: one Order Completed per transaction_id"));
        q.add(new Quirk("purchaseHitsWithoutOrderId", purchaseHitsWithoutOrderId,
                "purchase hit without transaction_id: not sent"));
        q.add(new Quirk("ordersWithoutRevenue", ordersWithoutRevenue,
                "order with no logged revenue: sent without revenue"));
        q.add(new Quirk("purchaseQuantitiesAssumed", purchaseQuantitiesAssumed,
                "order line without quantity: quantity 1"));
        q.add(new Quirk("checkoutCartRepeats", checkoutCartRepeats,
                "checkout hit repeating the same cart: no product events"));
        q.add(new Quirk("checkoutPricesReplaced", checkoutPricesReplaced,
                "checkout price not the SKU's unit price (mostly line totals): unit price used"));
        q.add(new Quirk("checkoutLineTotalsDivided", checkoutLineTotalsDivided,
                "checkout line of a never-priced SKU with quantity > 1: price / quantity"));
        q.add(new Quirk("checkoutQuantitiesFromCart", checkoutQuantitiesFromCart,
                "checkout line without quantity: quantity from the tracked cart"));
        q.add(new Quirk("checkoutQuantitiesAssumed", checkoutQuantitiesAssumed,
                "checkout line without quantity, not in the tracked cart: quantity 1"));
        q.add(new Quirk("removesMatchedByName", removesMatchedByName,
                "remove naming a variant SKU: matched to the cart line by product name"));
        q.add(new Quirk("removesUnmatched", removesUnmatched,
                "remove of a product not in the tracked cart: sent as logged"));
        q.add(new Quirk("absurdQuantities", absurdQuantities, "quantity over 1,000: quantity 1"));
        q.add(new Quirk("nonPositiveQuantities", nonPositiveQuantities, "quantity 0 or less: quantity 1"));
        q.add(new Quirk("zeroPricesRepriced", zeroPricesRepriced, "price 0: the SKU's last seen unit price"));
        q.add(new Quirk("zeroPricesUnknown", zeroPricesUnknown, "price 0 of a never-priced SKU: price left out"));
        return q;
    }
}
